/** Health, readiness, Prometheus metrics and the OpenAPI document. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { storageHealth } from '../../db/storage-full.ts';
import { metrics, registry as metricsRegistry } from '../../infra/metrics.ts';
import { safeEqual } from '../../lib/crypto.ts';
import type { Services } from '../../services.ts';
import { buildOpenApi } from '../openapi.ts';

const TIMEOUT = Symbol('timeout');

/** 'ok', or why the check failed: it threw (`unreachable`) or did not answer within `timeoutMs` (`timeout`). */
async function probe(
  check: () => Promise<void>,
  timeoutMs: number,
): Promise<'ok' | 'unreachable' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(resolve, timeoutMs, TIMEOUT);
  });
  try {
    const outcome = await Promise.race([Promise.resolve().then(check), expired]);
    return outcome === TIMEOUT ? 'timeout' : 'ok';
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}

export function systemRoutes(app: FastifyInstance, services: Services): void {
  app.get('/', async (req, reply) => {
    if (/text\/html/.test(req.headers.accept ?? '')) return reply.redirect('/app/'); // browsers → the console
    return {
      name: 'Kefu 客服',
      api: '/api/v1',
      openapi: '/api/v1/openapi.json',
      widgetApi: '/widget/v1',
      health: '/healthz',
      metrics: '/metrics',
    };
  });
  // Liveness: the process answers. Touches nothing else (no database, no Redis), so a slow or full
  // database never gets a live process restarted.
  app.get('/healthz', async () => ({ status: 'ok' }));
  // Readiness: every check runs at once and each gives up after READY_CHECK_TIMEOUT_MS, so /readyz
  // answers within that time whatever hangs. `storage` is `full` while writes fail for lack of space.
  app.get('/readyz', async (_req, reply) => {
    const timeoutMs = services.config.READY_CHECK_TIMEOUT_MS;
    const named: Array<[string, () => Promise<void>]> = [
      ['database', () => services.database.ping()],
      ...services.readiness.map((check, i): [string, () => Promise<void>] => [
        `dependency_${i}`,
        check,
      ]),
    ];
    const results = await Promise.all(named.map(([, check]) => probe(check, timeoutMs)));
    const checks: Record<string, string> = Object.fromEntries(
      named.map(([name], i) => [name, results[i]]),
    );
    const full = storageHealth(services.database).full;
    checks.storage = full ? 'full' : 'ok';
    const ok = !full && results.every((r) => r === 'ok');
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not_ready', checks });
  });
  app.get('/metrics', async (req, reply) => {
    if (!metricsAllowed(req, services.config.METRICS_TOKEN))
      return reply.code(401).send({
        error: {
          code: 'unauthorized',
          message: 'Metrics are served to this host only, or with METRICS_TOKEN as a Bearer token.',
        },
      });
    metrics.queueDepth.set(await services.queue.depth().catch(() => 0));
    metrics.storageFull.set(storageHealth(services.database).full ? 1 : 0);
    return reply
      .header('content-type', metricsRegistry.contentType)
      .send(await metricsRegistry.metrics());
  });
  let doc: unknown = null;
  app.get('/api/v1/openapi.json', async () => (doc ??= buildOpenApi()));
}

/**
 * /metrics covers every tenant: with METRICS_TOKEN it needs that Bearer token; without, only a
 * scraper on this host (a loopback peer whose request no proxy forwarded) gets it.
 */
function metricsAllowed(req: FastifyRequest, token: string | undefined): boolean {
  if (token) {
    const got = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    return safeEqual(got, token);
  }
  const peer = req.socket.remoteAddress ?? '';
  const loopback = peer === '::1' || peer.startsWith('127.') || peer.startsWith('::ffff:127.');
  return loopback && !req.headers['x-forwarded-for'] && !req.headers.forwarded;
}
