/** Article images: the upload route for editors and the public download of the help center. */
import type { FastifyInstance } from 'fastify';
import { execute } from '../../../core/commands/context.ts';
import { badInput, tooLarge, unsupported } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { ID_PATTERN } from '../../../core/lib/ids.ts';
import type { Services } from '../../../core/services.ts';
import { IMAGE_TYPES, MAX_IMAGE_BYTES, uploadKbImage } from '../commands/files.ts';
import { authorizeKb } from '../domain/policy.ts';
import { publicImage } from '../store/files.ts';
import { kbResponses } from '../responses.ts';

export const fileRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/kb/files',
    auth: 'user',
    summary: 'Upload an image for articles (multipart field "file")',
    tags: ['kb'],
    response: kbResponses.Image,
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
    const f = await publicImage(db, req.params.slug, req.params.id);
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
