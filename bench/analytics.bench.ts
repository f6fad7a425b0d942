/**
 * Analytics (issue 18). Lines (bench/README.md "analytics"):
 * - `facts_group_by_p95` (raw baseline): `select assignee_id, count(*) … group by` over the facts
 *   table for the 30-day window, then `report_overview_p95`: the real overview report
 *   (store/overview.ts: the route's work after the permission check) over the same window with
 *   compare=previous; ratio = report / raw. SQLite, or PostgreSQL with `--pg --only analytics`.
 * - `facts_lag_p99`: event committed → fact row written by the facts processor, in a real server
 *   (in-process, SQLite, AI analysis on) under a paced customer-message load; baseline the same lag
 *   of the realtime broadcast processor (`broadcast-realtime`) in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { sql } from 'kysely';
import type { BenchOptions, Emit } from './run.ts';
import { DEFAULT_PG_LIMITS, openDatabase, type Database } from '../server/core/db/client.ts';
import { migrateToLatest } from '../server/core/db/migrate.ts';
import { loadConfig } from '../server/core/config.ts';
import { execute } from '../server/core/commands/context.ts';
import { createAccount, createInbox } from '../server/core/commands/accounts.ts';
import { receiveMessage } from '../server/core/commands/receive-message.ts';
import { findOrCreateContact } from '../server/core/commands/contacts.ts';
import { newId } from '../server/core/lib/ids.ts';
import { startServer } from '../server/main.ts';
import { analyticsFeature } from '../server/features/analytics/feature.ts';
import { overview } from '../server/features/analytics/store/overview.ts';
import { generateFacts } from './lib/analytics-facts.ts';
import { line } from './lib/line.ts';
import { pgAdmin } from './lib/scratch.ts';
import { percentile, round, sleep } from './lib/stats.ts';

const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DAY = 86_400_000;
const log = (m: string) => process.stderr.write(`[analytics] ${m}\n`);

async function timed(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function reportBench(opts: BenchOptions, emit: Emit): Promise<void> {
  const n = Number(process.env.BENCH_ANALYTICS_N ?? (opts.quick ? 100_000 : 1_000_000));
  const days = 365;
  const runs = opts.quick ? 10 : 20;
  const dir = mkdtempSync(join(tmpdir(), 'kefu-analytics-'));
  const schema = `bench_analytics_${Date.now().toString(36)}`;
  let database: Database;
  if (opts.pg) {
    await pgAdmin(PG_URL, (c) => c.query(`create schema "${schema}"`));
    database = openDatabase({
      kind: 'postgres',
      url: PG_URL,
      schema,
      pg: { ...DEFAULT_PG_LIMITS, statementTimeoutMs: 900_000 }, // the one-statement generation
    });
  } else database = openDatabase({ kind: 'sqlite', file: join(dir, 'facts.db') });
  const suffix = opts.pg ? '_pg' : '';
  try {
    await migrateToLatest(database.db, database.dialect, opts.pg ? schema : undefined, [
      analyticsFeature.migrations!,
    ]);
    const accountId = newId();
    const now = Date.now();
    const start = now - days * DAY;
    let t = performance.now();
    await generateFacts(database, accountId, n, start, days);
    await generateFacts(database, newId(), Math.ceil(n / 10), start, days); // another tenant
    if (opts.pg) await sql`analyze conversation_facts`.execute(database.db);
    const count = await database.db
      .selectFrom('conversation_facts')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    log(`${count.n} fact rows generated in ${Math.round(performance.now() - t)} ms`);
    const from = new Date(now - 30 * DAY).toISOString();
    const to = new Date(now).toISOString();
    const [lo, hi] = [now - 30 * DAY, now];
    const raw = () =>
      database.db
        .selectFrom('conversation_facts')
        .select(['assignee_id', (eb) => eb.fn.countAll().as('n')])
        .where('account_id', '=', accountId)
        .where('created_at', '>=', lo)
        .where('created_at', '<', hi)
        .groupBy('assignee_id')
        .execute();
    const report = (groupBy?: 'agent') =>
      overview(
        database,
        accountId,
        { from, to, businessHours: 'false', fcrWindowHours: 72, compare: 'previous', groupBy },
        now,
      );
    await raw();
    await report(); // warm-up
    const rawMs = await timed(runs, raw);
    t = performance.now();
    const last = await report();
    log(
      `one overview: ${Math.round(performance.now() - t)} ms, ${last.current.conversations} conversations in the window`,
    );
    const reportMs = await timed(runs, () => report());
    const groupedMs = await timed(Math.ceil(runs / 2), () => report('agent'));
    const rawP95 = round(percentile(rawMs, 95));
    emit(
      line(`facts_group_by_p95${suffix}`, rawP95, 'ms', 'none', rawP95, null, {
        runs,
        rows: Number(count.n),
      }),
    );
    emit(
      line(
        `report_overview_p95${suffix}`,
        round(percentile(reportMs, 95)),
        'ms',
        `facts_group_by_p95${suffix}`,
        rawP95,
        { goal: 300, goal_on: 'value', better: 'lower' },
        {
          conversations: Number(count.n),
          account_conversations: n,
          window_conversations: last.current.conversations,
          p50: round(percentile(reportMs, 50)),
          grouped_by_agent_p95: round(percentile(groupedMs, 95)),
          runs,
          dialect: database.dialect,
          loadavg: loadavg().map((x) => round(x, 2)),
          quick: opts.quick,
        },
      ),
    );
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
    if (opts.pg) await pgAdmin(PG_URL, (c) => c.query(`drop schema "${schema}" cascade`));
  }
}

async function lagBench(opts: BenchOptions, emit: Emit): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-analytics-lag-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    SECRET_KEY: 'bench-secret-key-bench-secret-key-0123456789',
    SEED_DEMO: 'false',
  });
  const server = await startServer(config, { log: pino({ level: 'silent' }) });
  const lags: Record<string, number[]> = { 'analytics-facts': [], 'broadcast-realtime': [] };
  for (const name of Object.keys(lags)) {
    const p = server.services.dispatcher.processor(name)!;
    const handle = p.handle.bind(p);
    p.handle = async (event, meta) => {
      await handle(event, meta);
      lags[name].push(Date.now() - event.createdAt);
    };
  }
  try {
    const accountId = newId();
    const system = { kind: 'system' as const, accountId };
    const s = server.services;
    await execute(s, system, createAccount, { name: 'Bench', slug: `bench-${Date.now()}` });
    const inbox = await execute(s, system, createInbox, { name: 'Web', channelType: 'web_widget' });
    const contacts = [];
    for (let i = 0; i < 50; i++)
      contacts.push(
        (
          await execute(s, system, findOrCreateContact, {
            identity: { kind: 'visitor', value: `bench-visitor-${i}` },
            name: `Visitor ${i}`,
          })
        ).contact,
      );
    const rate = opts.quick ? 50 : 100;
    const seconds = opts.quick ? 5 : 15;
    const total = rate * seconds;
    const t0 = performance.now();
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const c = contacts[i % contacts.length];
      const actor = { kind: 'contact' as const, contactId: c.id, accountId, inboxId: inbox.id };
      sends.push(
        execute(s, actor, receiveMessage, {
          inboxId: inbox.id,
          contactId: c.id,
          content: `Where is my order ${i}? 我的订单到哪了`,
        }),
      );
    }
    await Promise.all(sends);
    const end = Date.now() + 60_000;
    while (s.dispatcher.backlog > 0 && Date.now() < end) await sleep(50);
    const facts = lags['analytics-facts'];
    const base = lags['broadcast-realtime'];
    const baseP99 = percentile(base, 99);
    emit(
      line(
        'facts_lag_p99',
        percentile(facts, 99),
        'ms',
        'broadcast_lag_p99',
        baseP99,
        { goal: 1000, goal_on: 'value', better: 'lower' },
        {
          p50: percentile(facts, 50),
          events: facts.length,
          messages: total,
          rate_msg_s: rate,
          seconds,
          broadcast_p50: percentile(base, 50),
          backlog_left: s.dispatcher.backlog,
          loadavg: loadavg().map((x) => round(x, 2)),
          quick: opts.quick,
        },
      ),
    );
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(opts: BenchOptions, emit: Emit): Promise<void> {
  await reportBench(opts, emit);
  if (!opts.pg) await lagBench(opts, emit);
}
