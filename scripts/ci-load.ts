/**
 * CI load check (PostgreSQL + Redis, two nodes): `node --import tsx scripts/ci-load.ts`
 *
 * Starts two `kefu start` processes (the built server, like production) on one fresh PostgreSQL
 * schema and Redis (PG_SCHEMA isolates the schema, the BullMQ queue and the Redis key prefixes),
 * then runs ≥ 30 visitors (alternately on node A and node B, each sending over its socket with a
 * client message id and sending again with the same id when no ack came within 5 s or the ack was an
 * error) and one agent on node B (replies over its socket, same retry rule) for CI_LOAD_SECONDS
 * (default 60). Every second both nodes' /healthz and /readyz are probed.
 *
 * Fails (exit 1, the reasons on stderr) on:
 *   - a stall: a probe without an answer within 2 s, or no acked send for 5 s while the load runs;
 *   - lost acked messages: every acked client message id is read back from the database;
 *   - background work not settled 30 s after the load stopped: undispatched events, or customer
 *     messages without an analysis.
 * Prints one JSON summary line on stdout. Env: DATABASE_URL (postgres://postgres@127.0.0.1:5432/test),
 * REDIS_URL (redis://127.0.0.1:6379), CI_LOAD_SECONDS, CI_LOAD_VISITORS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import {
  agentSocket,
  createVisitor,
  http,
  login,
  visitorSocket,
  waitConnected,
} from '../server/test/e2e-client.ts';
import {
  killAllSpawned,
  spawnServer,
  sleep,
  type SpawnedServer,
} from '../server/test/spawn-server.ts';
import { StallWatch } from '../bench/lib/stall.ts';

const PG_URL = process.env.DATABASE_URL?.startsWith('postgres')
  ? process.env.DATABASE_URL
  : 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env.CI_LOAD_SECONDS ?? 60);
const VISITORS = Math.max(30, Number(process.env.CI_LOAD_VISITORS ?? 30));
const ACK_TIMEOUT_MS = 5_000;
const STALL_GAP_MS = 5_000;
const SETTLE_LIMIT_MS = 30_000;
const DEMO_OWNER = { email: 'admin@demo.kefu.dev', password: 'kefu-admin-2026' };
const DEMO_AGENT = { email: 'li@demo.kefu.dev', password: 'kefu-agent-2026' };

const say = (m: string) => process.stderr.write(`[ci-load] ${m}\n`);
const schema = `ci_load_${randomBytes(5).toString('hex')}`;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

interface Sent {
  cmid: string;
  node: string;
  attempts: number;
  ackedAt?: number;
  messageId?: string;
  firstSentAt: number;
}

/**
 * One send with retries: the same client message id until an ack without error arrives (or `until`).
 * Returns the record; `acked` only when the server answered with a message.
 */
async function sendWithRetry(
  socket: Socket,
  payload: Record<string, unknown>,
  rec: Sent,
  until: () => number,
  onAck: () => void,
  stats: { retries: number; errorAcks: Record<string, number> },
): Promise<Sent> {
  for (;;) {
    rec.attempts++;
    const t0 = performance.now();
    let r: any;
    try {
      r = await socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('message:send', { ...payload, clientMessageId: rec.cmid });
    } catch {
      r = { timeout: true };
    }
    if (r?.message?.id) {
      rec.ackedAt = performance.now();
      rec.messageId = r.message.id;
      onAck();
      latencies.push(rec.ackedAt - t0);
      return rec;
    }
    const why = r?.timeout ? 'timeout' : String(r?.error?.code ?? 'unknown');
    stats.errorAcks[why] = (stats.errorAcks[why] ?? 0) + 1;
    if (performance.now() > until()) return rec;
    stats.retries++;
    await sleep(r?.timeout ? 0 : 250);
  }
}
const latencies: number[] = [];

async function main(): Promise<number> {
  const dirs = [
    mkdtempSync(join(tmpdir(), 'kefu-ci-load-a-')),
    mkdtempSync(join(tmpdir(), 'kefu-ci-load-b-')),
  ];
  const sockets: Socket[] = [];
  let watch: StallWatch | null = null;
  await admin((c) => c.query(`create schema "${schema}"`));
  try {
    const common = {
      DATABASE_URL: PG_URL,
      REDIS_URL,
      PG_SCHEMA: schema,
      SECRET_KEY: 'ci-load-secret-key-0123456789abcdefghij',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MESSAGES_PER_MIN: '1000000',
      RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '100000',
      RATE_LIMIT_LOGIN_PER_MIN: '1000',
    };
    const t0 = performance.now();
    const a: SpawnedServer = await spawnServer({
      name: 'node-a',
      env: { ...common, DATA_DIR: dirs[0], SEED_DEMO: 'true' },
      readyTimeoutMs: 90_000,
    });
    const b: SpawnedServer = await spawnServer({
      name: 'node-b',
      env: { ...common, DATA_DIR: dirs[1], SEED_DEMO: 'false' },
      readyTimeoutMs: 90_000,
    });
    if (!a.widgetToken || b.widgetToken !== a.widgetToken)
      throw new Error(
        `the nodes do not share the demo account (widget tokens ${a.widgetToken} / ${b.widgetToken})`,
      );
    const nodes = [a, b];
    say(
      `nodes up in ${Math.round(performance.now() - t0)} ms: ${a.url} ${b.url} (schema ${schema})`,
    );

    // Agents' web chat: the bot stays off, every customer message is still analysed (job processors).
    const owner = await login(a.url, DEMO_OWNER.email, DEMO_OWNER.password);
    const inboxes = await http(a.url, 'GET', '/api/v1/inboxes', { cookie: owner.cookie });
    for (const inbox of inboxes.body.data as Array<{ id: string }>) {
      const r = await http(a.url, 'PATCH', `/api/v1/inboxes/${inbox.id}`, {
        cookie: owner.cookie,
        csrf: owner.csrf,
        body: { settings: { bot: { mode: 'off' } } },
      });
      if (r.status !== 200) throw new Error(`inbox update: ${r.status} ${JSON.stringify(r.body)}`);
    }
    const agentSession = await login(b.url, DEMO_AGENT.email, DEMO_AGENT.password);
    const agent = agentSocket(b.url, agentSession);
    sockets.push(agent);
    const conversations = new Set<string>();
    let agentEvents = 0;
    agent.on('event', (e: { type: string; payload: any }) => {
      agentEvents++;
      if (e.type === 'message.created' && e.payload?.conversation?.id)
        conversations.add(e.payload.conversation.id);
    });
    await waitConnected(agent);
    const visitors: Array<{ socket: Socket; node: SpawnedServer }> = [];
    for (let i = 0; i < VISITORS; i++) {
      const node = nodes[i % nodes.length];
      const v = await createVisitor(node.url, node.widgetToken!);
      const socket = visitorSocket(node.url, v.visitorToken);
      sockets.push(socket);
      visitors.push({ socket, node });
    }
    await Promise.all(visitors.map((v) => waitConnected(v.socket)));
    await sleep(2_500); // node B's account cache (2 s ttl) sees the bot switched off

    watch = new StallWatch(
      nodes.map((n) => ({ name: n.name, url: n.url })),
      2_000,
      1_000,
    );
    watch.start();
    const sent: Sent[] = [];
    const stats = { retries: 0, errorAcks: {} as Record<string, number> };
    const loadMs = SECONDS * 1000;
    const loadStart = performance.now();
    const loadEnd = loadStart + loadMs;
    const drainLimit = loadEnd + 15_000; // unacked sends keep retrying this long after the load
    let gapFailure = '';
    const gapTimer = setInterval(() => {
      const gap = watch!.currentGapMs();
      if (gap >= STALL_GAP_MS && !gapFailure)
        gapFailure = `no acked send for ${Math.round(gap)} ms at ${Math.round((performance.now() - loadStart) / 1000)} s`;
    }, 250);
    watch.loadStarted();
    const onAck = () => watch!.ack();
    let seq = 0;
    const visitorLoops = visitors.map(async (v, i) => {
      await sleep(Math.random() * 1_000);
      while (performance.now() < loadEnd) {
        const rec: Sent = {
          cmid: `ci-v${i}-${++seq}-${randomBytes(3).toString('hex')}`,
          node: v.node.name,
          attempts: 0,
          firstSentAt: performance.now(),
        };
        sent.push(rec);
        await sendWithRetry(
          v.socket,
          { content: `客服 load ${rec.cmid}: 我的订单还没到，where is my order?` },
          rec,
          () => drainLimit,
          onAck,
          stats,
        );
        await sleep(800 + Math.random() * 1_200); // ≈ 1 message per 1.5 s per visitor
      }
    });
    const agentLoop = (async () => {
      let i = 0;
      while (performance.now() < loadEnd) {
        await sleep(1_000);
        const ids = [...conversations];
        if (!ids.length) continue;
        const rec: Sent = {
          cmid: `ci-agent-${++i}-${randomBytes(3).toString('hex')}`,
          node: b.name,
          attempts: 0,
          firstSentAt: performance.now(),
        };
        sent.push(rec);
        await sendWithRetry(
          agent,
          { conversationId: ids[i % ids.length], content: `reply ${i}` },
          rec,
          () => drainLimit,
          onAck,
          stats,
        );
      }
    })();
    await Promise.all([...visitorLoops, agentLoop]);
    clearInterval(gapTimer);
    watch.loadStopped();
    const loadStoppedAt = performance.now();
    await watch.stop();

    // Acked = durable: read every acked client message id back.
    const acked = sent.filter((s) => s.messageId);
    const unacked = sent.filter((s) => !s.messageId);
    const stored = await admin(async (c) => {
      await c.query(`set search_path to "${schema}"`);
      const r = await c.query(
        'select client_message_id, id from messages where client_message_id = any($1)',
        [acked.map((s) => s.cmid)],
      );
      return new Map(r.rows.map((x) => [x.client_message_id as string, x.id as string]));
    });
    const lost = acked.filter((s) => stored.get(s.cmid) !== s.messageId);

    // Background work settles: no undispatched event, every customer message analysed.
    const reader = new pg.Client({ connectionString: PG_URL });
    await reader.connect();
    await reader.query(`set search_path to "${schema}"`);
    const left = async () => {
      const r =
        await reader.query(`select (select count(*)::int from events where dispatched_at is null) as undispatched,
        (select count(*)::int from messages m where m.sender_type = 'contact' and m.message_type = 'incoming' and m.content <> ''
          and not exists (select 1 from message_analyses x where x.message_id = m.id)) as unanalysed`);
      return r.rows[0] as { undispatched: number; unanalysed: number };
    };
    let rest = await left();
    const backlogAtStop = rest;
    while (
      (rest.undispatched || rest.unanalysed) &&
      performance.now() - loadStoppedAt < SETTLE_LIMIT_MS
    ) {
      await sleep(250);
      rest = await left();
    }
    const settledMs =
      rest.undispatched || rest.unanalysed ? null : Math.round(performance.now() - loadStoppedAt);
    await reader.end();

    const failures: string[] = [];
    for (const f of watch.failures.slice(0, 5))
      failures.push(
        `stall: ${f.node} ${f.path} ${f.error} at ${Math.round((f.at - loadStart) / 1000)} s`,
      );
    if (watch.failures.length > 5)
      failures.push(`stall: ${watch.failures.length - 5} more probe failures`);
    if (gapFailure) failures.push(`stall: ${gapFailure}`);
    else if (watch.maxAckGapMs >= STALL_GAP_MS)
      failures.push(`stall: no acked send for ${Math.round(watch.maxAckGapMs)} ms`);
    if (lost.length)
      failures.push(
        `lost acked messages: ${lost.length} (e.g. ${lost
          .slice(0, 3)
          .map((s) => s.cmid)
          .join(', ')})`,
      );
    if (unacked.length)
      failures.push(
        `${unacked.length} sends never acked within 15 s after the load (e.g. ${unacked
          .slice(0, 3)
          .map((s) => s.cmid)
          .join(', ')})`,
      );
    if (settledMs === null)
      failures.push(
        `background work not settled ${SETTLE_LIMIT_MS / 1000} s after the load stopped: ${rest.undispatched} undispatched events, ${rest.unanalysed} customer messages not analysed`,
      );
    for (const n of nodes)
      if (!n.isRunning())
        failures.push(`${n.name} exited during the run:\n${n.output().slice(-2_000)}`);

    latencies.sort((x, y) => x - y);
    const q = (p: number) =>
      latencies.length
        ? Math.round(
            latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)],
          )
        : null;
    const summary = {
      name: 'ci_load',
      ok: failures.length === 0,
      db: 'postgres',
      nodes: 2,
      visitors: VISITORS,
      agents: 1,
      seconds: SECONDS,
      sends: sent.length,
      acked: acked.length,
      acked_per_s: Math.round((acked.length / (loadMs / 1000)) * 10) / 10,
      retries: stats.retries,
      error_acks: stats.errorAcks,
      ack_p50_ms: q(50),
      ack_p99_ms: q(99),
      max_ack_gap_ms: Math.round(watch.maxAckGapMs),
      probes: watch.probes,
      probe_failures: watch.failures.length,
      max_probe_ms: Math.round(watch.maxProbeMs),
      lost: lost.length,
      unacked: unacked.length,
      agent_events: agentEvents,
      backlog_at_stop: backlogAtStop,
      settled_ms: settledMs,
      left: rest,
      failures,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    if (failures.length) {
      say(`FAILED:\n  - ${failures.join('\n  - ')}`);
      return 1;
    }
    say(
      `passed: ${acked.length} acked sends, none lost, no stall (max ack gap ${Math.round(watch.maxAckGapMs)} ms), background settled ${settledMs} ms after the load`,
    );
    return 0;
  } finally {
    await watch?.stop();
    for (const s of sockets) s.close();
    await killAllSpawned('SIGTERM');
    await admin((c) => c.query(`drop schema if exists "${schema}" cascade`)).catch((e) =>
      say(`could not drop schema ${schema}: ${(e as Error).message}`),
    );
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
    try {
      for (const match of [`bull:kefu-${schema}:*`, `kefu:${schema}:*`]) {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
          cursor = next;
          if (keys.length) await redis.del(...keys);
        } while (cursor !== '0');
      }
    } catch (e) {
      say(`could not remove Redis keys: ${(e as Error).message}`);
    } finally {
      redis.disconnect();
    }
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    say(`FAILED: ${(err as Error).stack ?? err}`);
    process.stdout.write(
      `${JSON.stringify({ name: 'ci_load', ok: false, failures: [String((err as Error).message ?? err)] })}\n`,
    );
    process.exit(1);
  },
);
