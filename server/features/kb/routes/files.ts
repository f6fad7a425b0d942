/** Article images: uploaded by editors through the storage port, served publicly by the help center. */
import type { FastifyInstance } from 'fastify';
import type { CommandContext } from '../../core/commands/context.ts';
import { execute } from '../../core/commands/context.ts';
import { badInput, tooLarge, unsupported } from '../../core/errors.ts';
import { defineRoute } from '../../core/http/route.ts';
import { ID_PATTERN, newId } from '../../core/lib/ids.ts';
import { safeFileName, sniffContentType } from '../../core/lib/sniff.ts';
import type { Services } from '../../core/services.ts';
import { authorizeKb } from './policy.ts';

export const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export async function uploadKbImage(
  ctx: CommandContext,
  input: { fileName: string; data: Buffer },
) {
  authorizeKb(ctx.actor, 'kb.manage');
  if (input.data.length > MAX_IMAGE_BYTES)
    throw tooLarge(`Images are limited to ${MAX_IMAGE_BYTES} bytes.`);
  const type = await sniffContentType(input.data);
  if (!IMAGE_TYPES.has(type))
    throw unsupported('Only PNG, JPEG, GIF and WebP images can be used in articles.');
  const account = await ctx.tx
    .selectFrom('accounts')
    .select('slug')
    .where('id', '=', ctx.accountId)
    .executeTakeFirstOrThrow();
  if (!ctx.storage) throw new Error('file storage is not configured');
  const id = newId(ctx.now);
  const key = `${ctx.accountId}/kb/${id}`;
  await ctx.storage.put(key, input.data);
  const fileName = safeFileName(input.fileName);
  await ctx.tx
    .insertInto('kb_files')
    .values({
      id,
      account_id: ctx.accountId,
      storage_key: key,
      content_type: type,
      file_name: fileName,
      size: input.data.length,
      uploader_id: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
      created_at: ctx.now,
    })
    .execute();
  const url = `/help/${account.slug}/files/${id}`;
  return {
    id,
    url,
    contentType: type,
    size: input.data.length,
    markdown: `![${fileName.replace(/[[\]]/g, '')}](${url})`,
  };
}

export const fileRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/kb/files',
    auth: 'user',
    summary: 'Upload an image for articles (multipart field "file")',
    tags: ['kb'],
    status: 201,
    rawBody: true,
    handler: async ({ actor, req, services }) => {
      authorizeKb(actor, 'kb.manage');
      if (!req.isMultipart())
        throw unsupported('Send the image as multipart/form-data in a field named "file".');
      const file = await req.file({
        limits: { fileSize: MAX_IMAGE_BYTES + 1, files: 1, fieldSize: 1000 },
      });
      if (!file) throw badInput('missing_file', 'No file was sent.');
      const data = await file.toBuffer();
      if (file.file.truncated) throw tooLarge(`Images are limited to ${MAX_IMAGE_BYTES} bytes.`);
      return execute(services, actor, uploadKbImage, { fileName: file.filename || 'image', data });
    },
  }),
];

/** GET /help/:slug/files/:id — public, images only, never sniffed by the browser. */
export function serveKbFiles(app: FastifyInstance, services: Services): void {
  app.get<{ Params: { slug: string; id: string } }>('/help/:slug/files/:id', async (req, reply) => {
    const db = services.database.db;
    const notFound = () => reply.code(404).type('text/plain').send('Not found');
    if (!ID_PATTERN.test(req.params.id)) return notFound();
    const f = await db
      .selectFrom('kb_files')
      .innerJoin('accounts', 'accounts.id', 'kb_files.account_id')
      .select(['kb_files.storage_key', 'kb_files.content_type'])
      .where('accounts.slug', '=', req.params.slug)
      .where('kb_files.id', '=', req.params.id)
      .executeTakeFirst();
    if (!f || !IMAGE_TYPES.has(f.content_type)) return notFound();
    const data = await services.storage.get(f.storage_key);
    if (!data) return notFound();
    return reply
      .type(f.content_type)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'public, max-age=86400, immutable')
      .send(data);
  });
}
