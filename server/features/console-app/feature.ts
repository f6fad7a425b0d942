/**
 * Serves the agent console bundle (dist/web/console, built by scripts/build-web.ts) at /app with an
 * SPA fallback to index.html, long-lived caching for hashed assets and a strict CSP.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Feature } from '../../core/kit/feature.ts';
import { DIST } from '../../../scripts/build-web.ts';

export const CONSOLE_DIR = join(DIST, 'console');

export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY');
}

async function sendIndex(reply: FastifyReply, dir: string) {
  try {
    const html = await readFile(join(dir, 'index.html'));
    return securityHeaders(reply)
      .header('cache-control', 'no-cache')
      .type(TYPES['.html'])
      .send(html);
  } catch {
    return securityHeaders(reply)
      .code(503)
      .type('text/plain; charset=utf-8')
      .send(
        'The console is not built yet: run `npm run build:web` (kefu start builds it automatically).',
      );
  }
}

export function consoleHandler(dir = CONSOLE_DIR) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    // Fastify has already decoded the path once: decoding again would turn /app/%25.js into "%.js" and throw.
    const rel = ((req.params as { '*'?: string })['*'] ?? '').replace(/^\/+/, '');
    if (rel && extname(rel)) {
      const file = normalize(join(dir, rel));
      if (!file.startsWith(dir + sep))
        return securityHeaders(reply)
          .code(404)
          .send({ error: { code: 'not_found', message: 'Not found.' } });
      try {
        const s = await stat(file);
        if (!s.isFile()) throw new Error('not a file');
        const hashed = rel.startsWith('assets/');
        return securityHeaders(reply)
          .header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
          .type(TYPES[extname(file)] ?? 'application/octet-stream')
          .send(await readFile(file));
      } catch {
        return securityHeaders(reply)
          .code(404)
          .send({ error: { code: 'not_found', message: 'Not found.' } });
      }
    }
    return sendIndex(reply, dir);
  };
}

export const consoleFeature: Feature = {
  name: 'console',
  http(app) {
    app.get('/app', async (_req, reply) => reply.redirect('/app/'));
    app.get('/app/*', consoleHandler());
  },
};
