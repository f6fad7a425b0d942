/**
 * Serving the web-chat widget: the loader script (`/widget.js`), the iframe app (`/widget/app` + hashed
 * assets, strict CSP whose frame-ancestors follow the inbox's allowed domains). Bundles are built by
 * web/widget/build.ts into dist/web/widget (scripts/build-web.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { parseJson } from '../../core/presenters/index.ts';
import type { Services } from '../../core/services.ts';
import { DIST } from '../../../scripts/build-web.ts';
import { frameAncestors, type WidgetSettings } from './domain/settings.ts';

export const WIDGET_DIST = join(DIST, 'widget');

interface Manifest {
  app: { js: string; css: string };
}
let cached: { mtime: number; manifest: Manifest } | null = null;

function manifest(): Manifest | null {
  const file = join(WIDGET_DIST, 'manifest.json');
  if (!existsSync(file)) return null;
  const mtime = statSync(file).mtimeMs;
  if (!cached || cached.mtime !== mtime)
    cached = { mtime, manifest: JSON.parse(readFileSync(file, 'utf8')) as Manifest };
  return cached.manifest;
}

const escapeAttr = (s: string) =>
  s.replace(/[&"<>]/g, (c) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[c]!);

/** CSP of the iframe app: own scripts and styles only, no inline code, embeddable only by allowed sites. */
export function appCsp(settings: WidgetSettings): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors(settings)}`,
  ].join('; ');
}

function notBuilt(reply: FastifyReply) {
  return reply
    .code(503)
    .header('content-type', 'text/plain; charset=utf-8')
    .header('cache-control', 'no-store')
    .send('The chat widget is not built yet (npm run build:web).');
}

/** GET /widget.js (the loader), /widget/app (the iframe app) and its hashed assets. */
export async function widgetHttp(app: FastifyInstance, services: Services) {
  app.get('/widget.js', async (_req, reply) => {
    const file = join(WIDGET_DIST, 'loader.js');
    if (!existsSync(file)) return notBuilt(reply);
    return reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(readFileSync(file));
  });

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/widget/app',
    async (req, reply) => {
      const token = typeof req.query.inbox === 'string' ? req.query.inbox.slice(0, 100) : '';
      const inbox = token
        ? await services.database.db
            .selectFrom('inboxes')
            .select(['settings'])
            .where('public_token', '=', token)
            .where('channel_type', '=', 'web_widget')
            .executeTakeFirst()
        : undefined;
      reply
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer');
      if (!inbox) {
        return reply
          .code(404)
          .header('content-security-policy', "default-src 'none'; frame-ancestors *")
          .header('content-type', 'text/plain; charset=utf-8')
          .send('Unknown chat inbox.');
      }
      const m = manifest();
      if (!m) return notBuilt(reply);
      const lang = req.query.locale === 'en' ? 'en' : 'zh-CN';
      const html =
        `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
        `<title>${lang === 'en' ? 'Chat' : '在线客服'}</title><link rel="stylesheet" href="/widget/app/assets/${escapeAttr(m.app.css)}"></head>` +
        `<body><div id="app"></div><script type="module" src="/widget/app/assets/${escapeAttr(m.app.js)}"></script></body></html>`;
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', appCsp(parseJson<WidgetSettings>(inbox.settings, {})))
        .send(html);
    },
  );

  app.get<{ Params: { file: string } }>('/widget/app/assets/:file', async (req, reply) => {
    const name = req.params.file;
    if (!/^[A-Za-z0-9_-]+\.(js|css|map)$/.test(name))
      return reply
        .code(404)
        .send({ error: { code: 'not_found', message: 'The file was not found.' } });
    const file = join(WIDGET_DIST, 'assets', name);
    if (!existsSync(file))
      return reply
        .code(404)
        .send({ error: { code: 'not_found', message: 'The file was not found.' } });
    const type = name.endsWith('.css')
      ? 'text/css; charset=utf-8'
      : name.endsWith('.js')
        ? 'text/javascript; charset=utf-8'
        : 'application/json';
    return reply
      .header('content-type', type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(readFileSync(file));
  });
}
