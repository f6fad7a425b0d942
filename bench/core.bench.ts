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
 * sockets) run in this process. Every child is killed at the end, also on failure.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import { openDatabase, type Database } from '../server/core/db/client.ts';
import {
  listConversations,
  type ListConversationsInput,
} from '../server/core/queries/conversations.ts';
import { DEMO_USERS } from '../server/cli/seed-demo.ts';
import { cleanup, rssOf, startKefu, startWsServer, tempDir, type KefuServer } from './lib/proc.ts';
import {
  connectMany,
  connectSocketIo,
  connectWs,
  createVisitorSessions,
  login,
  openFilesLimit,
  setBotMode,
} from './lib/clients.ts';
import { seedLarge } from './lib/seed.ts';
import { log, percentile, round, sig, sleep, summarize, waitFor } from './lib/stats.ts';
import { line, type Line } from './lib/line.ts';
import { emitIngest, ingest, MESSAGE_TEXT, sqliteInsert } from './lib/ingest.ts';
import { sqliteReader } from './lib/background.ts';

type Emit = (line: Line) => void;

// ───────────────────────────── ws_broadcast / fanout ─────────────────────────────

async function wsBroadcast(quick: boolean, clients: number) {
  const server = await startWsServer();
  try {
    const sockets = await connectMany(clients, 100, () => connectWs(server.port));
    await waitFor(() => true, 1, 'noop');
    const count = quick ? 200 : 1000;
    let received = 0;
    let last = 0;
    for (const ws of sockets)
      ws.on('message', () => {
        received++;
        last = performance.now();
      });
    const expected = count * clients;
    const t0 = performance.now();
    const sendResult = server.request<{ ms: number }>({ cmd: 'broadcast', count, size: 200 });
    await waitFor(() => received >= expected, 120_000, 'ws broadcast deliveries', 2);
    await sendResult;
    const rate = received / ((last - t0) / 1000);
    for (const ws of sockets) ws.terminate();
    return { rate: sig(rate), deliveries: received, messages: count, clients };
  } finally {
    await server.stop();
  }
}

async function fanout(server: KefuServer, cookie: string, quick: boolean, agents: number) {
  const sockets = await connectMany(agents, 50, () =>
    connectSocketIo(server.url, '/agent', { cookie }),
  );
  const [visitorToken] = await createVisitorSessions(server.url, server.inboxToken, 1);
  const visitor = await connectSocketIo(server.url, '/visitor', { token: visitorToken });
  const messages = quick ? 100 : 400;
  let events = 0;
  let created = 0;
  let last = 0;
  let bytes = 0;
  let measuring = false;
  for (const s of sockets) {
    s.on('event', (e: { type: string }) => {
      if (!measuring) return;
      events++;
      last = performance.now();
      if (e.type === 'message.created') created++;
      if (bytes === 0 && e.type === 'message.created') bytes = Buffer.byteLength(JSON.stringify(e));
    });
  }
  const sendOne = (i: number) =>
    new Promise<void>((resolve, reject) =>
      visitor.emit(
        'message:send',
        {
          content: `${MESSAGE_TEXT} fanout ${i}`,
          clientMessageId: `f-${i}-${randomUUID().slice(0, 8)}`,
        },
        (r: { error?: { code: string } }) =>
          r?.error ? reject(new Error(r.error.code)) : resolve(),
      ),
    );
  await sendOne(-1); // opens the conversation (not measured)
  await sleep(500);
  measuring = true;
  const t0 = performance.now();
  let next = 0;
  const window = 4;
  await Promise.all(
    Array.from({ length: window }, async () => {
      while (next < messages) await sendOne(next++);
    }),
  );
  await waitFor(() => created >= messages * agents, 120_000, 'fanout deliveries', 2).catch((e) =>
    log(String(e)),
  );
  const rate = events / ((last - t0) / 1000);
  visitor.close();
  for (const s of sockets) s.close();
  return {
    rate: sig(rate),
    deliveries: events,
    messages,
    agents,
    complete: created >= messages * agents,
    bytes_per_delivery: bytes,
  };
}

// ───────────────────────────── ws_rss_per_conn / conn_memory ─────────────────────────────

async function wsRss(count: number) {
  const server = await startWsServer();
  try {
    await sleep(500);
    const before = rssOf(server.pid);
    const sockets: WebSocket[] = await connectMany(count, 100, () => connectWs(server.port));
    await waitFor(() => true, 1, 'noop');
    await sleep(1500);
    const clients = await server.request<number>({ cmd: 'clients' });
    const after = rssOf(server.pid);
    for (const ws of sockets) ws.terminate();
    return { perConn: Math.round((after - before) / clients), before, after, clients };
  } finally {
    await server.stop();
  }
}

async function connMemory(count: number) {
  const server = await startKefu({}, 60_000, { inspect: true });
  try {
    const tokens = await createVisitorSessions(server.url, server.inboxToken, count, 16);
    // Garbage from start-up and session creation is collected before both readings: otherwise a GC
    // during the connects can shrink RSS by more than the sockets add (a negative "per connection").
    await sleep(2000);
    await server.gc();
    const before = rssOf(server.pid);
    const sockets = await connectMany(count, 64, (i) =>
      connectSocketIo(server.url, '/visitor', { token: tokens[i] }),
    );
    await sleep(3000);
    await server.gc();
    const after = rssOf(server.pid);
    for (const s of sockets) s.close();
    return {
      perConn: Math.round((after - before) / sockets.length),
      before,
      after,
      clients: sockets.length,
    };
  } finally {
    await server.stop();
  }
}

// ───────────────────────────── sqlite_page_query / conversation_list_p95 ─────────────────────────────

async function queries(quick: boolean) {
  const conversations = quick ? 10_000 : 100_000;
  const messages = quick ? 100_000 : 1_000_000;
  const file = join(tempDir('seed'), 'large.db');
  const seeded = await seedLarge({ file, conversations, messages, log });
  log(
    `seeded ${seeded.conversations} conversations / ${seeded.messages} messages in ${Math.round(seeded.ms)} ms`,
  );
  const database: Database = openDatabase({ kind: 'sqlite', file });
  try {
    const raw = database.sqlite!;
    const ids = raw.prepare('select id from conversations').pluck().all() as string[];
    const page = raw.prepare(
      'select * from messages where conversation_id = ? order by seq desc limit 50',
    );
    for (let i = 0; i < 200; i++) page.all(ids[i % ids.length]);
    const seconds = quick ? 2 : 5;
    const lat: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < 2_000_000; i++) {
      const s = performance.now();
      if (s - t0 > seconds * 1000) break;
      page.all(ids[(i * 7919) % ids.length]);
      lat.push(performance.now() - s);
    }
    const qps = lat.length / ((performance.now() - t0) / 1000);
    const rawP95 = percentile(lat, 95);

    const viewerId = seeded.agentIds[1];
    const base = { accountId: seeded.accountId, viewerId };
    const filters: Array<[string, Partial<ListConversationsInput>]> = [
      ['all', {}],
      ['open', { status: ['open'] }],
      ['mine', { assigneeId: viewerId }],
      ['unassigned', { assigneeId: 'none' }],
      ['mine_open', { assigneeId: viewerId, status: ['open'] }],
    ];
    const pagesPerFilter = 4;
    const rounds = quick ? 8 : 20;
    const all: number[] = [];
    const byFilter: Record<string, number[]> = {};
    for (let r = -1; r < rounds; r++) {
      // r = -1: warm-up
      for (const [name, f] of filters) {
        let cursor: string | undefined;
        for (let p = 0; p < pagesPerFilter; p++) {
          const s = performance.now();
          const res = await listConversations(database.db, { ...base, ...f, limit: 25, cursor });
          const ms = performance.now() - s;
          if (r >= 0) {
            all.push(ms);
            (byFilter[name] ??= []).push(ms);
          }
          if (!res.nextCursor) break;
          cursor = res.nextCursor;
        }
      }
    }
    // A deep page (20th) of the unfiltered list: keyset pagination should not degrade with depth.
    let cursor: string | undefined;
    const deep: number[] = [];
    for (let p = 0; p < 20; p++) {
      const s = performance.now();
      const res = await listConversations(database.db, { ...base, limit: 25, cursor });
      if (p >= 15) deep.push(performance.now() - s);
      if (!res.nextCursor) break;
      cursor = res.nextCursor;
    }
    const statements: Record<string, number> = {};
    for (const limit of [10, 25, 100]) {
      const s0 = database.stats.statements;
      await listConversations(database.db, { ...base, limit });
      statements[String(limit)] = database.stats.statements - s0;
    }
    return {
      qps: sig(qps),
      rawP95: round(rawP95, 4),
      rawN: lat.length,
      listP95: round(percentile(all, 95), 3),
      list: summarize(all),
      listN: all.length,
      byFilter: Object.fromEntries(
        Object.entries(byFilter).map(([k, v]) => [k, round(percentile(v, 95), 2)]),
      ),
      deepPageP50: round(percentile(deep, 50), 2),
      statements,
      conversations: seeded.conversations,
      messages: seeded.messages,
    };
  } finally {
    await database.close();
  }
}

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
