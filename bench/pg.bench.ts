/**
 * `npm run bench -- --pg`: the ingest benchmark on PostgreSQL + Redis with two Kefu nodes (child
 * processes sharing one fresh PostgreSQL schema, Redis with the schema's queue name and key prefixes
 * through PG_SCHEMA). Baseline: raw `pg` single-row INSERT/s into the same migrated `messages` table,
 * measured in this run. Lines: pg_insert, ingest_pg, ingest_ack_p99_pg, background_lag_p99_ms_pg,
 * settled_ms_pg, stall_pg (see bench/README.md). Skipped without `--pg`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../server/core/db/client.ts';
import { migrateToLatest } from '../server/core/db/migrate.ts';
import { DEMO_USERS } from '../server/cli/seed-demo.ts';
import { cleanup, startKefu, type KefuServer } from './lib/proc.ts';
import { login, setBotMode } from './lib/clients.ts';
import { log, percentile, round, sig, sleep } from './lib/stats.ts';
import { ingest, MESSAGE_TEXT } from './lib/ingest.ts';
import { emitIngest } from './lib/ingest-lines.ts';
import { pgReader } from './lib/background.ts';
import { StallWatch } from './lib/stall.ts';
import { dropSchemaKeys, pgAdmin } from './lib/scratch.ts';
import type { Line } from './lib/line.ts';

const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const admin = <T>(fn: (c: pg.Client) => Promise<T>) => pgAdmin(PG_URL, fn);

/** Raw `pg`: single-row autocommit INSERTs into `messages` (real migration: same columns, indexes, unique key), `connections` clients in parallel. */
async function pgInsert(schema: string, seconds: number, connections: number) {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`set search_path to "${schema}"`);
      return c;
    }),
  );
  const accountId = randomUUID();
  const text = `insert into messages (id,account_id,conversation_id,seq,message_type,sender_type,sender_id,content,content_attributes,client_message_id,idempotency_key,external_id,status,created_at)
    values ($1,$2,$3,$4,'incoming','contact',$5,$6,'{}',$7,$8,null,'sent',$9)`;
  const lat: number[] = [];
  let n = 0;
  try {
    const t0 = performance.now();
    const end = t0 + seconds * 1000;
    await Promise.all(
      clients.map(async (c, w) => {
        const convs = Array.from({ length: 5 }, () => randomUUID());
        const seqs = new Array<number>(convs.length).fill(0);
        for (let i = 0; ; i++) {
          const s = performance.now();
          if (s > end) break;
          const k = i % convs.length;
          const cmid = `w${w}m${i}`;
          await c.query({
            name: 'raw-insert',
            text,
            values: [
              randomUUID(),
              accountId,
              convs[k],
              ++seqs[k],
              convs[k],
              MESSAGE_TEXT,
              cmid,
              `contact:${convs[k]}:${cmid}`,
              Date.now(),
            ],
          });
          lat.push(performance.now() - s);
          n++;
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    return { rate: sig(n / elapsed), p99: round(percentile(lat, 99), 3), n, connections };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

export async function run(
  opts: { quick: boolean; pg?: boolean },
  emit: (l: Line) => void,
): Promise<void> {
  if (!opts.pg) return;
  const { quick } = opts;
  const common = { quick, db: 'postgres', nodes: 2 };
  const id = randomBytes(5).toString('hex');
  const schema = `bench_${id}`;
  const rawSchema = `bench_${id}_raw`;
  await admin(async (c) => {
    await c.query(`create schema "${schema}"`);
    await c.query(`create schema "${rawSchema}"`);
  });
  let watch: StallWatch | null = null;
  try {
    // 1) Baseline: raw pg INSERTs into the migrated messages table of a schema of their own.
    const database = openDatabase({ kind: 'postgres', url: PG_URL, schema: rawSchema });
    await migrateToLatest(database.db, database.dialect, rawSchema);
    await database.close();
    const seconds = quick ? 3 : 8;
    const one = await pgInsert(rawSchema, seconds, 1);
    const base = await pgInsert(rawSchema, seconds, 20); // 2 nodes × PG_POOL_SIZE 10: the connections the product may use
    emit({
      name: 'pg_insert',
      value: base.rate,
      unit: 'rows/s',
      p99_ms: base.p99,
      n: base.n,
      connections: base.connections,
      one_connection_rate: one.rate,
      one_connection_p99_ms: one.p99,
      synchronous_commit: await admin(
        async (c) => (await c.query('show synchronous_commit')).rows[0].synchronous_commit,
      ),
      ...common,
    });

    // 2) Two nodes on the same schema and Redis (queue kefu-<schema>, keys kefu:<schema>:, adapter kefu-io-<schema>).
    const env = { DATABASE_URL: PG_URL, REDIS_URL, PG_SCHEMA: schema };
    const a: KefuServer = await startKefu({ ...env, SEED_DEMO: 'true' }, 120_000);
    const b: KefuServer = await startKefu({ ...env, SEED_DEMO: 'false' }, 120_000);
    if (b.inboxToken !== a.inboxToken) throw new Error("node B does not see node A's database");
    const owner = DEMO_USERS.find((u) => u.role === 'owner')!;
    await setBotMode(a.url, owner.email, owner.password, 'off');
    const agent = DEMO_USERS.find((u) => u.role === 'agent')!;
    const cookie = await login(a.url, agent.email, agent.password);
    await sleep(2_500); // node B's account cache (2 s ttl) sees the bot switched off

    watch = new StallWatch([
      { name: 'node-a', url: a.url },
      { name: 'node-b', url: b.url },
    ]);
    watch.start();
    const reader = await pgReader(PG_URL, schema);
    try {
      const r = await ingest([a, b], cookie, quick, { reader, watch, settleTimeoutMs: 90_000 });
      await watch.stop();
      const stall = watch.stalled();
      const stallInfo = {
        stall,
        max_ack_gap_ms: Math.round(watch.maxAckGapMs),
        probe_failures: watch.failures.length,
        max_probe_ms: Math.round(watch.maxProbeMs),
      };
      emitIngest(
        emit,
        r,
        { baseline: 'pg_insert', rate: base.rate, p99: base.p99 },
        { ...common, stall },
        '_pg',
      );
      emit({
        name: 'stall_pg',
        value: stall ? 1 : 0,
        unit: 'flag',
        baseline: 'no_stall',
        baseline_value: 0,
        ratio: stall ? 1 : 0,
        goal: 0,
        goal_on: 'value',
        better: 'lower',
        goal_met: !stall,
        ...stallInfo,
        probes: watch.probes,
        first_failures: watch.failures.slice(0, 5),
        ...common,
      });
      if (watch.failures.length)
        log(`probe failures: ${JSON.stringify(watch.failures.slice(0, 10))}`);
    } finally {
      await reader.close();
    }
  } finally {
    await watch?.stop();
    await cleanup();
    await admin(async (c) => {
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.query(`drop schema if exists "${rawSchema}" cascade`);
    }).catch((e) => log(`could not drop the bench schemas: ${(e as Error).message}`));
    const removed = await dropSchemaKeys(REDIS_URL, schema).catch(() => -1);
    log(`dropped schemas ${schema}, ${rawSchema}; ${removed} Redis keys`);
  }
}
