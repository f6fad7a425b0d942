/**
 * Composition root: config → adapters → roles. The only module that knows which adapters run
 * (SQLite or PostgreSQL; in-memory or Redis/BullMQ).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Config } from './core/config.ts';
import { openDatabase, type Database } from './core/db/client.ts';
import { migrateToLatest } from './core/db/migrate.ts';
import { Dispatcher } from './core/events/dispatcher.ts';
import { buildHttpApp } from './core/http/app.ts';
import { BullQueue } from './core/infra/bullmq-queue.ts';
import { LocalStorage } from './core/infra/local-storage.ts';
import { MemoryKeyValue } from './core/infra/memory-kv.ts';
import { MemoryQueue } from './core/infra/memory-queue.ts';
import { RedisKeyValue } from './core/infra/redis-kv.ts';
import { ResilientKeyValue } from './core/infra/resilient-kv.ts';
import { broadcastRealtime } from './core/processors/broadcast-realtime.processor.ts';
import { countMetrics } from './core/processors/count-metrics.processor.ts';
import { systemClock, type Clock } from './core/lib/clock.ts';
import { createGateway, type Gateway } from './core/realtime/gateway.ts';
import type { Services } from './core/services.ts';
import { features } from './features.ts';

export interface RunningServer {
  services: Services;
  app: FastifyInstance;
  gateway: Gateway;
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  log?: Logger;
  /** PostgreSQL schema (tests isolate themselves per file). */
  pgSchema?: string;
  /** Open the database and migrate, but let the caller seed. */
  onReady?: (services: Services) => Promise<void>;
}

export function createLogger(config: Config): Logger {
  return pino({
    level: config.LOG_LEVEL,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'password',
        '*.password',
        'token',
        '*.token',
      ],
      censor: '[redacted]',
    },
  });
}

function loadSecret(config: Config): string {
  if (config.SECRET_KEY) return config.SECRET_KEY;
  mkdirSync(config.DATA_DIR, { recursive: true });
  const file = join(config.DATA_DIR, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export async function openConfiguredDatabase(config: Config, pgSchema?: string): Promise<Database> {
  const database =
    config.database.kind === 'sqlite'
      ? openDatabase({
          kind: 'sqlite',
          file: config.database.file,
          sqlProfile: config.sqlProfile ?? undefined,
        })
      : openDatabase({
          kind: 'postgres',
          url: config.database.url,
          schema: pgSchema,
          pg: {
            poolSize: config.PG_POOL_SIZE,
            acquireTimeoutMs: config.PG_POOL_ACQUIRE_TIMEOUT_MS,
            statementTimeoutMs: config.PG_STATEMENT_TIMEOUT_MS,
            lockTimeoutMs: config.PG_LOCK_TIMEOUT_MS,
            idleInTransactionTimeoutMs: config.PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
          },
        });
  let schema: string | undefined;
  if (database.dialect === 'postgres') {
    const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(database.db);
    schema = pgSchema ?? rows[0]?.s ?? 'public';
  }
  await migrateToLatest(
    database.db,
    database.dialect,
    schema,
    features.map((f) => f.migrations ?? {}),
  );
  return database;
}

export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config);
  const clock = opts.clock ?? systemClock;
  opts = { ...opts, pgSchema: opts.pgSchema ?? config.PG_SCHEMA };
  const database = await openConfiguredDatabase(config, opts.pgSchema);
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: null })
    : null;
  const queue = redis
    ? new BullQueue({ url: config.REDIS_URL }, `kefu-${opts.pgSchema ?? 'jobs'}`, {
        runWorkers: config.roles.has('worker'),
      })
    : new MemoryQueue();
  const kv = redis
    ? new ResilientKeyValue(new RedisKeyValue(redis, `kefu:${opts.pgSchema ?? 'main'}:`), log)
    : new MemoryKeyValue(() => clock.now());
  const dispatcher = new Dispatcher(database.db, queue, log, () => clock.now(), {
    parallel: config.database.kind === 'sqlite',
  });
  const services: Services = {
    config,
    database,
    dispatcher,
    queue,
    kv,
    clock,
    log,
    storage: new LocalStorage(join(config.DATA_DIR, 'uploads')),
    secret: loadSecret(config),
    readiness: redis
      ? [
          async () => {
            await redis.ping();
          },
        ]
      : [],
  };
  const app = await buildHttpApp(services, features);
  const pub = redis?.duplicate();
  const sub = redis?.duplicate();
  // ioredis reconnects by itself; an outage is reported by /readyz and logged once a minute, not per retry.
  let redisLoggedAt = -Infinity;
  for (const r of [redis, pub, sub])
    r?.on('error', (err) => {
      if (performance.now() - redisLoggedAt < 60_000) return;
      redisLoggedAt = performance.now();
      log.warn({ err }, 'Redis connection error (reconnecting)');
    });
  const gateway = createGateway(app.server, services, {
    ...(pub && sub
      ? { adapter: createAdapter(pub, sub, { key: `kefu-io-${opts.pgSchema ?? 'main'}` }) }
      : {}),
    onVisitor: (socket, actor, gw) => {
      for (const f of features) f.visitorSocket?.(socket, actor, services, gw);
    },
  });
  services.signals = gateway;
  dispatcher.register(broadcastRealtime(gateway, services.database.db));
  dispatcher.register(countMetrics);
  const featureCtx = { services, gateway };
  for (const f of features)
    for (const p of f.processors?.(featureCtx) ?? []) dispatcher.register(p);
  const stops: Array<() => Promise<void> | void> = [];
  if (config.roles.has('worker'))
    for (const f of features) {
      const stop = f.start?.(featureCtx);
      if (stop) stops.push(stop);
    }
  const startedAt = clock.now() - 1;
  if (opts.onReady) await opts.onReady(services);
  await app.listen({ host: config.HOST, port: config.PORT });
  if (config.roles.has('worker')) {
    // Background work a crash interrupted runs again (in the background: the server already answers).
    // SQLite: this process owns the file, so every undispatched event older than this start is ours.
    void dispatcher.recover({ force: config.database.kind === 'sqlite', createdBefore: startedAt });
    dispatcher.startSweeper();
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      for (const stop of stops) await Promise.resolve(stop()).catch(() => {});
      await gateway.close().catch(() => {});
      await app.close().catch(() => {});
      await dispatcher.drain();
      await queue.close().catch(() => {});
      await dispatcher.flushAfterQueueClosed();
      for (const r of [redis, pub, sub]) r?.disconnect();
      await database.close();
    })());
  return { services, app, gateway, url, close };
}
