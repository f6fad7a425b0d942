/**
 * Core platform benchmarks. Each raw baseline is measured in this run, on this machine, right before
 * the matching Kefu scenario; see bench/README.md for what every line means.
 *
 *   sqlite_insert → ingest, ingest_ack_p99
 *   ws_broadcast → fanout
 *   ws_rss_per_conn → conn_memory
 *   sqlite_page_query (+ sqlite_page_query_p95) → conversation_list_p95, sql_statements_per_page
 *
 * The Kefu server and the bare ws server run as child processes; the load generators (all client
 * sockets) run in this process. Every child is killed at the end, also on failure. The scenarios are
 * in bench/lib: sqlite-insert.ts + ingest.ts (+ ingest-lines.ts), fanout.ts, conn-memory.ts,
 * conversation-list.ts; this file runs them in sections and emits their lines.
 */
import { join } from 'node:path';
import { DEMO_USERS } from '../server/cli/seed-demo.ts';
import { sqliteReader } from './lib/background.ts';
import { login, openFilesLimit, setBotMode } from './lib/clients.ts';
import { connMemory, wsRss } from './lib/conn-memory.ts';
import { queries } from './lib/conversation-list.ts';
import { fanout, wsBroadcast } from './lib/fanout.ts';
import { ingest } from './lib/ingest.ts';
import { emitIngest } from './lib/ingest-lines.ts';
import { line, type Line } from './lib/line.ts';
import { cleanup, type KefuServer, startKefu } from './lib/proc.ts';
import { sqliteInsert } from './lib/sqlite-insert.ts';
import { log } from './lib/stats.ts';

type Emit = (line: Line) => void;

// ───────────────────────────── run ─────────────────────────────

export async function run(opts: { quick: boolean }, emit: Emit): Promise<void> {
  const { quick } = opts;
  const failures: string[] = [];
  const sections = process.env.BENCH_SECTIONS?.split(',') ?? null; // run a subset while profiling
  const section = async (name: string, fn: () => Promise<void>) => {
    if (sections && !sections.includes(name)) return;
    const t = performance.now();
    try {
      await fn();
    } catch (err) {
      failures.push(name);
      log(`${name} failed: ${(err as Error).stack}`);
    }
    log(`${name} took ${Math.round(performance.now() - t)} ms`);
  };
  const fdLimit = openFilesLimit();
  const idleTarget = quick ? 2_000 : 10_000;
  const idleCount = Math.max(100, Math.min(idleTarget, fdLimit - 1_000));
  const fanoutClients = Math.max(100, Math.min(1_000, fdLimit - 500));
  if (idleCount < idleTarget)
    log(`ulimit -n is ${fdLimit}: using ${idleCount} idle connections instead of ${idleTarget}`);
  const common = { quick };

  try {
    let server: KefuServer | null = null;
    let cookie = '';
    const kefu = async () => {
      if (!server) {
        server = await startKefu();
        // The scenario is agents' web chat: message analysis runs (job processors), the bot does not answer.
        const owner = DEMO_USERS.find((u) => u.role === 'owner')!;
        await setBotMode(server.url, owner.email, owner.password, 'off');
        const agent = DEMO_USERS.find((u) => u.role === 'agent')!;
        cookie = await login(server.url, agent.email, agent.password);
      }
      return server;
    };

    await section('ingest', async () => {
      const base = await sqliteInsert(quick);
      emit({
        name: 'sqlite_insert',
        value: base.rate,
        unit: 'rows/s',
        p99_ms: base.p99,
        n: base.n,
        ...common,
      });
      const srv = await kefu();
      const reader = sqliteReader(join(srv.dataDir, 'kefu.db'));
      try {
        const r = await ingest([srv], cookie, quick, { reader });
        emitIngest(emit, r, { baseline: 'sqlite_insert', rate: base.rate, p99: base.p99 }, common);
      } finally {
        await reader.close();
      }
    });

    await section('fanout', async () => {
      const base = await wsBroadcast(quick, fanoutClients);
      emit({
        name: 'ws_broadcast',
        value: base.rate,
        unit: 'deliveries/s',
        clients: base.clients,
        messages: base.messages,
        bytes_per_delivery: 200,
        clients_in: 'bench process',
        server_in: 'child process',
        ...common,
      });
      const r = await fanout(await kefu(), cookie, quick, fanoutClients);
      emit(
        line(
          'fanout',
          r.rate,
          'deliveries/s',
          'ws_broadcast',
          base.rate,
          { goal: 0.5, goal_on: 'ratio', better: 'higher' },
          {
            clients: r.agents,
            socket_kind: 'agent',
            messages: r.messages,
            complete: r.complete,
            bytes_per_delivery: r.bytes_per_delivery,
            clients_in: 'bench process',
            ...common,
          },
        ),
      );
    });
    if (server) await (server as KefuServer).stop();

    await section('conn_memory', async () => {
      const base = await wsRss(idleCount);
      emit({
        name: 'ws_rss_per_conn',
        value: base.perConn,
        unit: 'bytes',
        connections: base.clients,
        rss_before: base.before,
        rss_after: base.after,
        ulimit_n: fdLimit,
        ...common,
      });
      const r = await connMemory(idleCount);
      emit(
        line(
          'conn_memory',
          r.perConn,
          'bytes',
          'ws_rss_per_conn',
          base.perConn,
          { goal: 2, goal_on: 'ratio', better: 'lower' },
          {
            connections: r.clients,
            rss_before: r.before,
            rss_after: r.after,
            ulimit_n: fdLimit,
            transport: 'websocket',
            ...common,
          },
        ),
      );
    });

    await section('conversation_list', async () => {
      const r = await queries(quick);
      const size = { conversations: r.conversations, messages: r.messages };
      emit({
        name: 'sqlite_page_query',
        value: r.qps,
        unit: 'queries/s',
        n: r.rawN,
        ...size,
        ...common,
      });
      emit({
        name: 'sqlite_page_query_p95',
        value: r.rawP95,
        unit: 'ms',
        n: r.rawN,
        ...size,
        ...common,
      });
      emit(
        line(
          'conversation_list_p95',
          r.listP95,
          'ms',
          'sqlite_page_query_p95',
          r.rawP95,
          { goal: 20, goal_on: 'value', better: 'lower' },
          {
            p50_ms: r.list.p50,
            p99_ms: r.list.p99,
            n: r.listN,
            page_size: 25,
            p95_by_filter_ms: r.byFilter,
            deep_page_p50_ms: r.deepPageP50,
            ...size,
            ...common,
          },
        ),
      );
      const counts = Object.values(r.statements);
      emit(
        line(
          'sql_statements_per_page',
          r.statements['25'],
          'statements',
          'sql_statements_per_page_10',
          r.statements['10'],
          { goal: 1, goal_on: 'ratio', better: 'lower' },
          { by_page_size: r.statements, constant: counts.every((c) => c === counts[0]), ...common },
        ),
      );
    });
  } finally {
    await cleanup();
  }
  if (failures.length) throw new Error(`core bench sections failed: ${failures.join(', ')}`);
}
