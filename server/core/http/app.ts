/** The Fastify application: request ids, limits, cookies, uploads, security headers, routes. */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import { randomUUID } from 'node:crypto';
import { metrics } from '../infra/metrics.ts';
import type { Services } from '../services.ts';
import { clientErrorHandler, frameworkErrors, installErrorHandling } from './errors.ts';
import { mount } from './route.ts';
import { adminRoutes } from './routes/admin.ts';
import { deadJobRoutes } from './routes/dead-jobs.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import { authRoutes } from './routes/auth.ts';
import { twoFactorRoutes } from './routes/two-factor.ts';
import { contactRoutes } from './routes/contacts.ts';
import { conversationRoutes } from './routes/conversations.ts';
import { eventRoutes } from './routes/events.ts';
import { systemRoutes } from './routes/system.ts';
import { visibilityRoutes } from './routes/visibility.ts';
import { presenceRoutes } from './routes/presence.ts';
import type { Feature } from '../kit/feature.ts';

/** The core's REST routes; features add theirs through `Feature.routes` (passed in by main.ts). */
export const coreRoutes = [
  ...authRoutes,
  ...twoFactorRoutes,
  ...conversationRoutes,
  ...contactRoutes,
  ...adminRoutes,
  ...deadJobRoutes,
  ...attachmentRoutes,
  ...eventRoutes,
  ...visibilityRoutes,
  ...presenceRoutes,
];

export async function buildHttpApp(
  services: Services,
  features: readonly Feature[] = [],
): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: services.log as unknown as FastifyBaseLogger,
    bodyLimit: services.config.MAX_BODY_BYTES,
    trustProxy: services.config.trustedProxies.length ? services.config.trustedProxies : false,
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(h) ? h : randomUUID();
    },
    requestIdHeader: false,
    logController: new LogController({
      disableRequestLogging:
        services.config.LOG_LEVEL !== 'debug' && services.config.LOG_LEVEL !== 'trace',
    }),
    routerOptions: { maxParamLength: 200 },
    frameworkErrors,
    clientErrorHandler,
  });
  installErrorHandling(app, services.database);
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: services.config.MAX_UPLOAD_BYTES, files: 1 },
  });
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    // API answers carry account data (and /api/v1/me the CSRF token): never cached. Routes that serve
    // cacheable files (attachments, assets) set their own cache-control, which replaces this one.
    if (req.url.startsWith('/api/') || req.url.startsWith('/widget/v1/'))
      reply.header('cache-control', 'no-store');
    if (services.config.HSTS && req.protocol === 'https')
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unknown';
    metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });
  systemRoutes(app, services);
  mount(app, services, [...coreRoutes, ...features.flatMap((f) => f.routes ?? [])]);
  for (const f of features) await f.http?.(app, services);
  return app;
}
