/**
 * Files for the app (inbox token): upload one on behalf of a user, with the core's upload command
 * (type sniffed from the bytes, the account's size limit), then send its id with a message from the
 * same user; download the files of the inbox's conversations (what webhook payloads link to).
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { uploadAttachment } from '../../../core/commands/upload-attachment.ts';
import type { Executor } from '../../../core/db/client.ts';
import type { Attachment } from '../../../core/db/types.ts';
import { badInput, notFound, tooLarge, unsupported } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { pathId } from '../../../core/http/schemas.ts';
import type { Services } from '../../../core/services.ts';
import { resolveApiContact } from '../commands/contact.ts';
import { attachmentUrl } from '../domain/present.ts';
import { EXTERNAL_ID_KIND } from '../domain/identity.ts';
import { ApiAttachmentSchema, ExternalId } from '../schemas.ts';
import { authenticateInbox, type InboxAccess } from '../store/inbox.ts';

const TAGS = ['api-channel'];

async function readFile(req: FastifyRequest, services: Services) {
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

/** Whether the app may read this file: one of its users uploaded it, or it is in a public message of the inbox. */
async function belongsToInbox(db: Executor, access: InboxAccess, a: Attachment) {
  if (!a.message_id) {
    if (a.uploader_type !== 'contact') return false;
    const identity = await db
      .selectFrom('contact_identities')
      .select('id')
      .where('account_id', '=', access.accountId)
      .where('contact_id', '=', a.uploader_id)
      .where('kind', '=', EXTERNAL_ID_KIND)
      .where('value', 'like', `${access.inboxId}:%`)
      .executeTakeFirst();
    return !!identity;
  }
  const row = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select('messages.message_type')
    .where('messages.id', '=', a.message_id)
    .where('conversations.account_id', '=', access.accountId)
    .where('conversations.inbox_id', '=', access.inboxId)
    .executeTakeFirst();
  return !!row && (row.message_type === 'incoming' || row.message_type === 'outgoing');
}

export const attachmentRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/channels/api/:inboxId/attachments',
    auth: 'none',
    summary:
      'Upload a file for one of the app\'s users (multipart field "file"; Authorization: Bearer <inbox token>)',
    tags: TAGS,
    params: z.strictObject({ inboxId: z.string() }),
    query: z.strictObject({ externalId: ExternalId }),
    response: ApiAttachmentSchema,
    status: 201,
    rawBody: true,
    handler: async ({ params, query, req, services }) => {
      const access = await authenticateInbox(services.database.db, req, params.inboxId);
      const { fileName, data } = await readFile(req, services);
      const contactId = await resolveApiContact(services, access.accountId, {
        inboxId: access.inboxId,
        externalId: query.externalId,
      });
      const a = await execute(
        services,
        { kind: 'contact', contactId, accountId: access.accountId, inboxId: access.inboxId },
        uploadAttachment,
        { fileName, data },
      );
      return {
        id: a.id,
        fileName: a.file_name,
        contentType: a.content_type,
        size: Number(a.size),
        url: attachmentUrl(access.inboxId, a.id),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/channels/api/:inboxId/attachments/:id',
    auth: 'none',
    summary:
      "Download a file of the inbox's conversations or one of its users' uploads (Authorization: Bearer <inbox token>)",
    tags: TAGS,
    params: z.strictObject({ inboxId: z.string(), id: z.string() }),
    produces: ['*/*'],
    handler: async ({ params, req, reply, services }) => {
      const db = services.database.db;
      const access = await authenticateInbox(db, req, params.inboxId);
      const id = pathId(params.id);
      const a = id
        ? await db
            .selectFrom('attachments')
            .selectAll()
            .where('account_id', '=', access.accountId)
            .where('id', '=', id)
            .executeTakeFirst()
        : undefined;
      if (!a || !(await belongsToInbox(db, access, a))) throw notFound('attachment');
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
    },
  }),
];
