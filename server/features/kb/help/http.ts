/**
 * Public help center over HTTP: server-rendered pages (cached), search JSON for instant results,
 * feedback form (POST + redirect, no JavaScript needed), sitemap, robots, assets, custom domains.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { execute } from '../../../core/commands/context.ts';
import { AppError } from '../../../core/errors.ts';
import { ID_PATTERN } from '../../../core/lib/ids.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import type { Services } from '../../../core/services.ts';
import { snippetOf } from '../domain/text.ts';
import { acceptedLocale } from './accept-language.ts';
import { HELP_CSS, HELP_JS } from './assets.ts';
import { PageCache } from './cache.ts';
import { accountBySlug, customDomains, type HelpAccount } from './data.ts';
import { recordArticleFeedback } from './feedback.ts';
import {
  articleHref,
  helpContext,
  renderArticle,
  renderCategory,
  renderHome,
  renderNotFound,
  renderSearch,
  renderSitemap,
  searchHits,
  type HelpCtx,
  type Rendered,
} from './pages.ts';

export const pageCache = new PageCache(30_000, 2_000);
const accounts = new Map<string, { at: number; account: HelpAccount | null }>();
let domains: { at: number; map: Map<string, string> } = { at: 0, map: new Map() };
const META_TTL = 30_000;
const KEY_PARAMS = ['feedback', 'lang', 'q'] as const;
/** The paths a custom domain serves (the `onRequest` hook below); everything else never looks up domains. */
const CUSTOM_DOMAIN_PATHS = new Set(['/', '/sitemap.xml', '/robots.txt']);

export function invalidateHelpCenter(accountId: string): void {
  pageCache.invalidate(accountId);
  domains.at = 0;
  for (const [slug, v] of accounts) if (v.account?.id === accountId) accounts.delete(slug);
}

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

async function account(services: Services, slug: string): Promise<HelpAccount | null> {
  const hit = accounts.get(slug);
  if (hit && Date.now() - hit.at < META_TTL) return hit.account;
  const a = /^[a-z0-9][a-z0-9-]{0,62}$/i.test(slug)
    ? await accountBySlug(services.database.db, slug)
    : null;
  if (accounts.size > 10_000) accounts.clear();
  accounts.set(slug, { at: Date.now(), account: a });
  return a;
}

function originOf(req: FastifyRequest, services: Services, customHost?: string): string {
  if (customHost) return `${req.protocol}://${customHost}`;
  return services.config.PUBLIC_URL?.replace(/\/$/, '') ?? `${req.protocol}://${req.host}`;
}

function send(
  reply: FastifyReply,
  req: FastifyRequest,
  r: { status: number; type: string; body: string; etag: string },
  /** The language came from Accept-Language (no `?lang=`): caches must keep one copy per language. */
  byBrowser: boolean,
) {
  reply
    .header('content-security-policy', CSP)
    .header('x-frame-options', 'DENY')
    .header('etag', r.etag)
    .header('cache-control', r.status === 200 ? 'public, max-age=60' : 'no-store')
    .header('vary', byBrowser ? 'Host, Accept-Language' : 'Host');
  if (r.status === 200 && req.headers['if-none-match'] === r.etag) return reply.code(304).send();
  return reply.code(r.status).type(r.type).send(r.body);
}

type Render = (c: HelpCtx) => Promise<Rendered | { status: number; body: string; type: string }>;

/** Serves one page from the cache, rendering it on a miss. */
async function serve(
  req: FastifyRequest,
  reply: FastifyReply,
  services: Services,
  slug: string,
  render: Render,
  customHost?: string,
) {
  const a = await account(services, slug);
  const query = req.query as Record<string, string | undefined>;
  const asked = typeof query.lang === 'string' ? query.lang.slice(0, 20) : undefined;
  // no language in the URL: the browser's (Accept-Language), part of the cache key
  const browser = asked ? undefined : acceptedLocale(req.headers['accept-language']);
  const lang = asked ?? browser;
  const origin = originOf(req, services, customHost);
  const path = req.url.split('?')[0];
  // only the parameters pages read are part of the key, so random query strings cannot flood the cache
  const params = new URLSearchParams(
    KEY_PARAMS.filter((k) => typeof query[k] === 'string').map((k) => [
      k,
      String(query[k]).slice(0, 200),
    ]),
  );
  if (!a)
    return reply
      .code(404)
      .header('content-security-policy', CSP)
      .type('text/html; charset=utf-8')
      .send(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><main><h1>Not found</h1></main></body></html>',
      );
  const key = `${a.id}|${origin}|${path}?${params.toString().slice(0, 600)}|${browser ?? ''}`;
  const cached = pageCache.get(key);
  if (cached) return send(reply, req, cached, !asked);
  const ctx = await helpContext(services.database.db, a, lang, `/help/${a.slug}`, origin);
  const out = await render(ctx);
  const value =
    'html' in out ? { status: out.status, type: 'text/html; charset=utf-8', body: out.html } : out;
  return send(reply, req, pageCache.set(a.id, key, value), !asked);
}

const idOf = (raw: string) => (ID_PATTERN.test(raw) ? raw : null);

function parseForm(body: unknown): Record<string, string> {
  if (typeof body !== 'string') return {};
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) if (!(k in out)) out[k] = v;
  return out;
}

export async function helpCenterHttp(app: FastifyInstance, services: Services): Promise<void> {
  app.get('/help-assets/hc.css', (_req, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(HELP_CSS),
  );
  app.get('/help-assets/hc.js', (_req, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(HELP_JS),
  );
  app.get('/robots.txt', (req, reply) =>
    reply.type('text/plain; charset=utf-8').send(robots(originOf(req, services))),
  );

  // Custom domains: a help center's own host serves its home, sitemap and robots at the root. Only
  // those paths can be such pages, so every other request (/healthz, /readyz, /metrics, the API, the
  // console, sockets) passes without looking up domains: a liveness probe never touches the database.
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET') return;
    const path = req.url.split('?')[0];
    if (!CUSTOM_DOMAIN_PATHS.has(path)) return;
    const host = (req.host ?? '').toLowerCase().replace(/:\d+$/, '');
    if (!host) return;
    if (Date.now() - domains.at > META_TTL)
      domains = { at: Date.now(), map: await customDomains(services.database.db) };
    const slug = domains.map.get(host);
    if (!slug) return;
    if (path === '/') return serve(req, reply, services, slug, (c) => renderHome(c), host);
    if (path === '/sitemap.xml')
      return serve(
        req,
        reply,
        services,
        slug,
        async (c) => ({
          status: 200,
          type: 'application/xml; charset=utf-8',
          body: await renderSitemap(c),
        }),
        host,
      );
    if (path === '/robots.txt')
      return reply
        .type('text/plain; charset=utf-8')
        .send(robots(`${req.protocol}://${host}`, slug));
  });

  await app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16_384 },
      (_req, body, done) => done(null, body),
    );
    type P = { slug: string; id?: string };
    scope.get<{ Params: P }>('/help/:slug', (req, reply) =>
      serve(req, reply, services, req.params.slug, (c) => renderHome(c)),
    );
    scope.get<{ Params: P }>('/help/:slug/categories/:id', (req, reply) =>
      serve(req, reply, services, req.params.slug, async (c) => {
        const id = idOf(req.params.id!);
        return id ? renderCategory(c, id) : renderNotFound(c);
      }),
    );
    scope.get<{ Params: P; Querystring: { feedback?: string } }>(
      '/help/:slug/articles/:id',
      (req, reply) =>
        serve(req, reply, services, req.params.slug, async (c) => {
          const id = idOf(req.params.id!);
          return id ? renderArticle(c, id, req.query.feedback) : renderNotFound(c);
        }),
    );
    scope.get<{ Params: P; Querystring: { q?: string } }>('/help/:slug/search', (req, reply) =>
      serve(req, reply, services, req.params.slug, (c) =>
        renderSearch(c, String(req.query.q ?? '').slice(0, 200)),
      ),
    );
    scope.get<{ Params: P; Querystring: { q?: string } }>('/help/:slug/search.json', (req, reply) =>
      serve(req, reply, services, req.params.slug, async (c) => {
        const q = String(req.query.q ?? '').slice(0, 200);
        const hits = q.trim() ? await searchHits(c, q, 8) : [];
        const results = hits.map((a) => ({
          id: a.id,
          title: a.title,
          snippet: snippetOf(a.answer || a.body, 140),
          url: articleHref(c.base, a.id),
        }));
        return {
          status: 200,
          type: 'application/json; charset=utf-8',
          body: JSON.stringify({ results }),
        };
      }),
    );
    scope.get<{ Params: P }>('/help/:slug/sitemap.xml', (req, reply) =>
      serve(req, reply, services, req.params.slug, async (c) => ({
        status: 200,
        type: 'application/xml; charset=utf-8',
        body: await renderSitemap(c),
      })),
    );
    scope.get<{ Params: P }>('/help/:slug/robots.txt', (req, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send(robots(originOf(req, services), req.params.slug)),
    );
    scope.post<{ Params: P }>('/help/:slug/articles/:id/feedback', async (req, reply) => {
      const a = await account(services, req.params.slug);
      const id = idOf(req.params.id!);
      const form = parseForm(req.body);
      if (!a || !id) return reply.code(404).type('text/plain').send('Not found');
      if (form.helpful !== 'yes' && form.helpful !== 'no')
        return reply
          .code(303)
          .header('location', `${articleHref(`/help/${a.slug}`, id)}#feedback`)
          .send();
      const limit = await services.kv.hit(`kb-feedback:${req.ip}`, 30, 60_000);
      if (!limit.allowed)
        return reply
          .code(429)
          .header('retry-after', String(Math.ceil(limit.retryAfterSeconds)))
          .type('text/plain')
          .send('Too many requests');
      try {
        const comment = (form.comment ?? '').trim().slice(0, 1000) || null;
        await execute(services, systemActor(a.id, 'help-center'), recordArticleFeedback, {
          articleId: id,
          helpful: form.helpful === 'yes',
          comment,
        });
      } catch (err) {
        if (err instanceof AppError && err.status === 404)
          return reply.code(404).type('text/plain').send('Not found');
        throw err;
      }
      return reply
        .code(303)
        .header('location', `${articleHref(`/help/${a.slug}`, id)}?feedback=thanks#feedback`)
        .send();
    });
  });
}

function robots(origin: string, slug?: string): string {
  const lines = [
    'User-agent: *',
    'Allow: /help/',
    'Disallow: /api/',
    'Disallow: /app/',
    'Disallow: /widget/',
  ];
  if (slug) lines.push(`Sitemap: ${origin}/help/${slug}/sitemap.xml`);
  return `${lines.join('\n')}\n`;
}
