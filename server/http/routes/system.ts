/** Health, readiness, Prometheus metrics and the OpenAPI document. */
import type { FastifyInstance } from 'fastify';
import { metrics, registry as metricsRegistry } from '../../infra/metrics.ts';
import type { Services } from '../../services.ts';
import { buildOpenApi } from '../openapi.ts';

export function systemRoutes(app: FastifyInstance, services: Services): void {
  app.get('/', async (req, reply) => {
    if (/text\/html/.test(req.headers.accept ?? '')) return reply.redirect('/app/'); // browsers → the console
    return {
    name: 'Kefu 客服', api: '/api/v1', openapi: '/api/v1/openapi.json', widgetApi: '/widget/v1', health: '/healthz', metrics: '/metrics',
    };
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const checks: Record<string, string> = {};
    let ok = true;
    try { await services.database.ping(); checks.database = 'ok'; } catch { checks.database = 'unreachable'; ok = false; }
    for (const [i, check] of services.readiness.entries()) {
      try { await check(); checks[`dependency_${i}`] = 'ok'; } catch { checks[`dependency_${i}`] = 'unreachable'; ok = false; }
    }
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not_ready', checks });
  });
  app.get('/metrics', async (_req, reply) => {
    metrics.queueDepth.set(await services.queue.depth().catch(() => 0));
    return reply.header('content-type', metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });
  let doc: unknown = null;
  app.get('/api/v1/openapi.json', async () => (doc ??= buildOpenApi()));
}
