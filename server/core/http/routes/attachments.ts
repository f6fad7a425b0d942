/** Attachments through the storage port: sniffed content type, size limits, served as downloads. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { uploadAttachment } from '../../commands/upload-attachment.ts';
import { execute } from '../../commands/context.ts';
import { AppError, badInput, notFound, tooLarge, unsupported } from '../../errors.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/can.ts';
import { visibilityOf, visibleWhere } from '../../policies/visibility.ts';
import { presentAttachment } from '../../presenters/index.ts';
import type { Services } from '../../services.ts';
import { defineRoute } from '../route.ts';
import { Id, IdParams, pathId } from '../schemas.ts';
import {
  ATTACHMENT_LINK_TTL_MS,
  checkAttachmentLink,
  signAttachmentLink,
} from '../../lib/attachment-link.ts';
import { AttachmentSchema } from '../../../../shared/dto.ts';

async function readUpload(
  req: FastifyRequest,
  services: Services,
): Promise<{ fileName: string; data: Buffer }> {
  if (!req.isMultipart())
    throw unsupported('Send the file as multipart/form-data in a field named "file".');
  const file = await req.file({
    limits: { fileSize: services.config.MAX_UPLOAD_BYTES, files: 1, fieldSize: 1000 },
  });
  if (!file) throw badInput('missing_file', 'No file was sent.');
  const data = await file.toBuffer();
  if (file.file.truncated) throw tooLarge('The file is larger than the upload limit.');
  return { fileName: file.filename || 'file', data };
}

async function upload(req: FastifyRequest, actor: Actor, services: Services) {
  const { fileName, data } = await readUpload(req, services);
  return presentAttachment(await execute(services, actor, uploadAttachment, { fileName, data }));
}

const AttachmentLinks = z.object({
  links: z.array(z.object({ id: z.string(), url: z.string() })),
  /** Seconds each link works (ask again after; a 403 `link_expired` says it is too late). */
  expiresIn: z.number(),
});

/** Signed links for the files among `ids` the visitor may see (the others are left out, as unknown). */
async function visitorLinks(
  services: Services,
  visitor: Extract<Actor, { kind: 'contact' }>,
  ids: string[],
) {
  const rows = await services.database.db
    .selectFrom('attachments')
    .select(['id', 'uploader_id', 'message_id'])
    .where('account_id', '=', visitor.accountId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  const now = services.clock.now();
  const links: { id: string; url: string }[] = [];
  for (const a of rows)
    if (await visitorMaySee(services, visitor, a))
      links.push({
        id: a.id,
        url: signAttachmentLink(
          services.secret,
          { accountId: visitor.accountId, attachmentId: a.id },
          now,
        ).url,
      });
  return { links, expiresIn: Math.floor(ATTACHMENT_LINK_TTL_MS / 1000) };
}

async function download(
  reply: FastifyReply,
  services: Services,
  accountId: string,
  id: string,
  user?: Actor,
) {
  const db = services.database.db;
  const a = await db
    .selectFrom('attachments')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!a) throw notFound('attachment');
  if (user && !(await userMaySee(services, user, a))) throw notFound('attachment');
  const data = await services.storage.get(a.storage_key);
  if (!data) throw notFound('attachment');
  const ascii = a.file_name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('content-type', a.content_type)
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.file_name)}`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, max-age=3600')
    .send(data);
}

async function visitorMaySee(
  services: Services,
  v: Extract<Actor, { kind: 'contact' }>,
  a: { uploader_id: string; message_id: string | null },
) {
  if (a.uploader_id === v.contactId) return true;
  if (!a.message_id) return false;
  const row = await services.database.db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select('messages.message_type')
    .where('messages.id', '=', a.message_id)
    .where('conversations.contact_id', '=', v.contactId)
    .executeTakeFirst();
  return !!row && (row.message_type === 'incoming' || row.message_type === 'outgoing');
}

/** A restricted agent (policies/visibility.ts): their own uploads and files of conversations they see. */
async function userMaySee(
  services: Services,
  user: Actor,
  a: { uploader_id: string; message_id: string | null },
) {
  const db = services.database.db;
  const v = await visibilityOf(db, user);
  if (!v.restricted || a.uploader_id === v.userId) return true;
  if (!a.message_id) return false;
  const row = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select('messages.id')
    .where('messages.id', '=', a.message_id)
    .where('conversations.account_id', '=', user.accountId)
    .where(visibleWhere(v))
    .executeTakeFirst();
  return !!row;
}

export const attachmentRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/attachments',
    auth: 'user',
    summary: 'Upload a file (multipart field "file")',
    tags: ['attachments'],
    response: AttachmentSchema,
    status: 201,
    rawBody: true,
    handler: async ({ actor, req, services }) => {
      authorize(actor, 'message.send');
      return upload(req, actor, services);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/attachments/:id',
    auth: 'user',
    summary: 'Download a file',
    tags: ['attachments'],
    produces: ['*/*'],
    params: IdParams,
    handler: async ({ actor, params, reply, services }) => {
      const id = pathId(params.id);
      if (!id) throw notFound('attachment');
      return download(reply, services, actor.accountId, id, actor);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/widget/v1/attachments',
    auth: 'visitor',
    summary: 'Upload a file as a visitor',
    tags: ['widget'],
    response: AttachmentSchema,
    status: 201,
    rawBody: true,
    rateLimit: { key: 'widget-upload', limit: () => 20, windowMs: 60_000, by: 'actor' },
    handler: async ({ actor, req, services }) => upload(req, actor, services),
  }),
  defineRoute({
    method: 'POST',
    url: '/widget/v1/attachments/links',
    auth: 'visitor',
    summary:
      'Short-lived signed download links for files the visitor may see (unknown ids left out)',
    tags: ['widget'],
    response: AttachmentLinks,
    body: z.strictObject({ ids: z.array(Id).min(1).max(100) }),
    rateLimit: { key: 'widget-links', limit: () => 120, windowMs: 60_000, by: 'actor' },
    handler: async ({ actor, body, services }) => {
      if (actor.kind !== 'contact') throw notFound('attachment');
      return visitorLinks(services, actor, body.ids);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/widget/v1/attachments/:id',
    auth: 'none',
    summary: "Download a file of the visitor's conversation (signed link: ?exp=&sig=)",
    tags: ['widget'],
    produces: ['*/*'],
    params: IdParams,
    // The visitor token is no longer accepted here (`?t=` answers 400): it must never be in a URL.
    query: z.strictObject({
      exp: z.string().max(20).optional(),
      sig: z.string().max(200).optional(),
    }),
    handler: async ({ params, query, reply, services }) => {
      const id = pathId(params.id);
      // An unknown id answers like a bad signature: a link tells nothing without its MAC.
      const row = id
        ? await services.database.db
            .selectFrom('attachments')
            .select('account_id')
            .where('id', '=', id)
            .executeTakeFirst()
        : undefined;
      const check = row
        ? checkAttachmentLink(
            services.secret,
            { accountId: row.account_id, attachmentId: id! },
            query,
            services.clock.now(),
          )
        : 'invalid_signature';
      if (check === 'link_expired')
        throw new AppError(
          'link_expired',
          403,
          'This download link has expired; ask for a new one.',
        );
      if (check !== 'ok' || !row)
        throw new AppError('invalid_signature', 403, 'This download link is not valid.');
      return download(reply, services, row.account_id, id!);
    },
  }),
];
