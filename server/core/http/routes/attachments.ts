/** Attachments through the storage port: sniffed content type, size limits, served as downloads. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { uploadAttachment } from '../../commands/upload-attachment.ts';
import { execute } from '../../commands/context.ts';
import { badInput, notFound, tooLarge, unsupported } from '../../errors.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/can.ts';
import { visibilityOf, visibleWhere } from '../../policies/visibility.ts';
import { presentAttachment } from '../../presenters/index.ts';
import type { Services } from '../../services.ts';
import { defineRoute } from '../route.ts';
import { IdParams, pathId } from '../schemas.ts';
import { visitorClaims } from '../../lib/visitor-token.ts';
import { resolveVisitor } from '../auth.ts';
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

async function download(
  reply: FastifyReply,
  services: Services,
  accountId: string,
  id: string,
  visitor?: Extract<Actor, { kind: 'contact' }>,
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
  if (visitor && !(await visitorMaySee(services, visitor, a))) throw notFound('attachment');
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
      return download(reply, services, actor.accountId, id, undefined, actor);
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
    method: 'GET',
    url: '/widget/v1/attachments/:id',
    auth: 'none',
    summary: "Download a file of the visitor's conversation (token in ?t=)",
    tags: ['widget'],
    produces: ['*/*'],
    params: IdParams,
    query: z.strictObject({ t: z.string().max(2048) }),
    handler: async ({ params, query, reply, services }) => {
      const id = pathId(params.id);
      const claims = visitorClaims(services, query.t);
      const visitor = claims ? await resolveVisitor(services.database.db, claims) : null;
      if (!id || !visitor || visitor.kind !== 'contact') throw notFound('attachment');
      return download(reply, services, visitor.accountId, id, visitor);
    },
  }),
];
