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
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { dropSchemaKeys, pgAdmin } from '../bench/lib/scratch.ts';
import { StallWatch } from '../bench/lib/stall.ts';
import {
  login,
  openSocket,
  setBotMode,
  waitConnected,
  widgetSession,
} from '../server/test/client.ts';
import {
  killAllSpawned,
  type SpawnedServer,
  sleep,
  spawnServer,
} from '../server/test/spawn-server.ts';
import { failuresOf, latencyQuantile, lostAcked, waitSettled } from './ci-load/checks.ts';
import { runLoad } from './ci-load/traffic.ts';

const PG_URL = process.env.DATABASE_URL?.startsWith('postgres')
  ? process.env.DATABASE_URL
  : 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env.CI_LOAD_SECONDS ?? 60);
const VISITORS = Math.max(30, Number(process.env.CI_LOAD_VISITORS ?? 30));
const DEMO_OWNER = { email: 'admin@demo.kefu.dev', password: 'kefu-admin-2026' };
const DEMO_AGENT = { email: 'li@demo.kefu.dev', password: 'kefu-agent-2026' };
/** Sockets reconnect (short backoff) and wait at most this long for their first connect. */
const CONNECT_TIMEOUT_MS = 10_000;

const say = (m: string) => process.stderr.write(`[ci-load] ${m}\n`);
const schema = `ci_load_${randomBytes(5).toString('hex')}`;

/** Two `kefu start` nodes on the schema: A seeds the demo account, B shares it. */
async function startNodes(dirs: string[]): Promise<SpawnedServer[]> {
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
  const a = await spawnServer({
    name: 'node-a',
    env: { ...common, DATA_DIR: dirs[0], SEED_DEMO: 'true' },
    readyTimeoutMs: 90_000,
  });
  const b = await spawnServer({
    name: 'node-b',
    env: { ...common, DATA_DIR: dirs[1], SEED_DEMO: 'false' },
    readyTimeoutMs: 90_000,
  });
  if (!a.widgetToken || b.widgetToken !== a.widgetToken)
    throw new Error(
      `the nodes do not share the demo account (widget tokens ${a.widgetToken} / ${b.widgetToken})`,
    );
  say(`nodes up in ${Math.round(performance.now() - t0)} ms: ${a.url} ${b.url} (schema ${schema})`);
  return [a, b];
}

async function main(): Promise<number> {
  const dirs = [
    mkdtempSync(join(tmpdir(), 'kefu-ci-load-a-')),
    mkdtempSync(join(tmpdir(), 'kefu-ci-load-b-')),
  ];
  const sockets: Socket[] = [];
  let watch: StallWatch | null = null;
  await pgAdmin(PG_URL, (c) => c.query(`create schema "${schema}"`));
  try {
    const nodes = await startNodes(dirs);
    const [a, b] = nodes;

    // Agents' web chat: the bot stays off, every customer message is still analysed (job processors).
    await setBotMode(a.url, await login(a.url, DEMO_OWNER.email, DEMO_OWNER.password), 'off');
    const agentSession = await login(b.url, DEMO_AGENT.email, DEMO_AGENT.password);
    const agent = openSocket(b.url, '/agent', { cookie: agentSession.cookie }, { reconnect: true });
    sockets.push(agent);
    const conversations = new Set<string>();
    let agentEvents = 0;
    agent.on('event', (e: { type: string; payload: any }) => {
      agentEvents++;
      if (e.type === 'message.created' && e.payload?.conversation?.id)
        conversations.add(e.payload.conversation.id);
    });
    await waitConnected(agent, CONNECT_TIMEOUT_MS);
    const visitors: Array<{ socket: Socket; node: string }> = [];
    for (let i = 0; i < VISITORS; i++) {
      const node = nodes[i % nodes.length];
      const v = await widgetSession(node.url, node.widgetToken!);
      const socket = openSocket(node.url, '/visitor', { token: v.token }, { reconnect: true });
      sockets.push(socket);
      visitors.push({ socket, node: node.name });
    }
    await Promise.all(visitors.map((v) => waitConnected(v.socket, CONNECT_TIMEOUT_MS)));
    await sleep(2_500); // node B's account cache (2 s ttl) sees the bot switched off

    watch = new StallWatch(
      nodes.map((n) => ({ name: n.name, url: n.url })),
      2_000,
      1_000,
    );
    watch.start();
    const run = await runLoad({
      visitors,
      agent: { socket: agent, node: b.name, conversations },
      watch,
      seconds: SECONDS,
    });
    await watch.stop();

    // Acked = durable: read every acked client message id back; then background work settles.
    const acked = run.sent.filter((s) => s.messageId);
    const unacked = run.sent.filter((s) => !s.messageId);
    const lost = await lostAcked(PG_URL, schema, acked);
    const settled = await waitSettled(PG_URL, schema, run.loadStoppedAt);
    const failures = failuresOf({ watch, run, lost, unacked, settled, nodes });

    const { stats } = run;
    const summary = {
      name: 'ci_load',
      ok: failures.length === 0,
      db: 'postgres',
      nodes: 2,
      visitors: VISITORS,
      agents: 1,
      seconds: SECONDS,
      sends: run.sent.length,
      acked: acked.length,
      acked_per_s: Math.round((acked.length / (run.loadMs / 1000)) * 10) / 10,
      retries: stats.retries,
      error_acks: stats.errorAcks,
      ack_p50_ms: latencyQuantile(stats.latencies, 50),
      ack_p99_ms: latencyQuantile(stats.latencies, 99),
      max_ack_gap_ms: Math.round(watch.maxAckGapMs),
      probes: watch.probes,
      probe_failures: watch.failures.length,
      max_probe_ms: Math.round(watch.maxProbeMs),
      lost: lost.length,
      unacked: unacked.length,
      agent_events: agentEvents,
      backlog_at_stop: settled.atStop,
      settled_ms: settled.settledMs,
      left: settled.rest,
      failures,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    if (failures.length) {
      say(`FAILED:\n  - ${failures.join('\n  - ')}`);
      return 1;
    }
    say(
      `passed: ${acked.length} acked sends, none lost, no stall (max ack gap ${Math.round(watch.maxAckGapMs)} ms), background settled ${settled.settledMs} ms after the load`,
    );
    return 0;
  } finally {
    await watch?.stop();
    for (const s of sockets) s.close();
    await killAllSpawned('SIGTERM');
    await pgAdmin(PG_URL, (c) => c.query(`drop schema if exists "${schema}" cascade`)).catch((e) =>
      say(`could not drop schema ${schema}: ${(e as Error).message}`),
    );
    await dropSchemaKeys(REDIS_URL, schema).catch((e) =>
      say(`could not remove Redis keys: ${(e as Error).message}`),
    );
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
