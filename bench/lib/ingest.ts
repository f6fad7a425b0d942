/**
 * The ingest benchmark's scenario (widget message → validate → durable commit → ack → delivered to
 * the agent socket), closed loop then paced at half the rate, with the background work of the paced
 * messages timed from the database. Used by core.bench.ts (SQLite, one node, baseline
 * sqlite-insert.ts) and pg.bench.ts (PostgreSQL + Redis, two nodes); the lines: ingest-lines.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type { KefuServer } from './proc.ts';
import { connectMany, connectSocketIo, createVisitorSessions } from './clients.ts';
import { log, percentile, round, sig, sleep, summarize, waitFor } from './stats.ts';
import { backgroundLag, waitUndispatched, type BackgroundReader } from './background.ts';
import type { StallWatch } from './stall.ts';

export const MESSAGE_TEXT =
  '你好，我上周买的蓝牙耳机到现在还没发货，订单号是202311230001，where is my order? I paid already. 快递一直显示运输中，你们到底什么时候能送到？';

interface Pending {
  sentAt: number;
  intendedAt: number;
  ackedAt?: number;
  ackedAtWall?: number;
  messageId?: string;
  deliveredAt?: number;
  error?: string;
}

export interface IngestOptions {
  /** Reads background work from the server's database (bench/lib/background.ts). */
  reader: BackgroundReader;
  /** Multi-node runs: told about every ack and when load runs. */
  watch?: StallWatch;
  /** Longest wait for the closed loop's backlog before the paced run (ms). */
  settleTimeoutMs?: number;
}

/** Sum and count of `kefu_ai_analyze_seconds` over the nodes' /metrics (read between phases only). */
async function analyzeStats(servers: KefuServer[]): Promise<{ sum: number; count: number }> {
  let sum = 0;
  let count = 0;
  for (const s of servers) {
    const text = await fetch(`${s.url}/metrics`).then(
      (r) => r.text(),
      () => '',
    );
    sum += Number(/^kefu_ai_analyze_seconds_sum (\S+)$/m.exec(text)?.[1] ?? 0);
    count += Number(/^kefu_ai_analyze_seconds_count (\S+)$/m.exec(text)?.[1] ?? 0);
  }
  return { sum, count };
}

/**
 * Closed loop, then the backlog settles (every event dispatched), then an open loop at half the rate
 * whose background work is timed from each message's ack (bench/lib/background.ts). Visitors are
 * spread round-robin over `servers` (one node on SQLite, two on PostgreSQL); the agent socket is on
 * the first.
 */
export async function ingest(
  servers: KefuServer[],
  cookie: string,
  quick: boolean,
  opts: IngestOptions,
) {
  const { reader, watch } = opts;
  const visitors = 50; // the same load in both modes (quick only measures for less time): 20 made quick runs read ~25 % lower
  const tokens = await createVisitorSessions(servers[0].url, servers[0].inboxToken, visitors);
  const agent = await connectSocketIo(servers[0].url, '/agent', { cookie });
  const sockets = await connectMany(visitors, 16, (i) =>
    connectSocketIo(servers[i % servers.length].url, '/visitor', { token: tokens[i] }),
  );
  const pending = new Map<string, Pending>();
  const completions: number[] = [];
  let errors = 0;
  const complete = (p: Pending) => {
    if (p.ackedAt !== undefined && p.deliveredAt !== undefined && !p.error)
      completions.push(Math.max(p.ackedAt, p.deliveredAt));
  };
  agent.on(
    'event',
    (e: { type: string; payload: { message?: { clientMessageId?: string | null } } }) => {
      if (e.type !== 'message.created') return;
      const p = pending.get(e.payload.message?.clientMessageId ?? '');
      if (p && p.deliveredAt === undefined) {
        p.deliveredAt = performance.now();
        complete(p);
      }
    },
  );
  let counter = 0;
  const send = (s: Socket, intendedAt: number, onAck?: () => void) => {
    const id = `b${++counter}-${randomUUID().slice(0, 8)}`;
    const p: Pending = { sentAt: performance.now(), intendedAt };
    pending.set(id, p);
    s.emit(
      'message:send',
      { content: `${MESSAGE_TEXT} #${counter}`, clientMessageId: id },
      (r: { error?: { code: string }; message?: { id: string } }) => {
        p.ackedAt = performance.now();
        p.ackedAtWall = Date.now();
        if (r?.error) {
          p.error = r.error.code;
          errors++;
        } else {
          p.messageId = r?.message?.id;
          complete(p);
          watch?.ack(p.ackedAt);
        }
        onAck?.();
      },
    );
  };
  // Warm-up: every visitor opens its conversation.
  await Promise.all(sockets.map((s) => new Promise<void>((r) => send(s, performance.now(), r))));
  await waitFor(() => completions.length >= visitors - errors, 10_000, 'warm-up deliveries');
  if (errors) throw new Error(`ingest warm-up: ${errors} errors`);

  // 1) Closed loop: every visitor keeps `window` messages in flight; count acked + delivered.
  const window = 2;
  const warmupMs = 1000;
  const measureMs = (quick ? 5 : 12) * 1000;
  pending.clear();
  completions.length = 0;
  const tStart = performance.now();
  const tEnd = tStart + warmupMs + measureMs;
  watch?.loadStarted();
  for (const s of sockets) {
    const loop = () => {
      if (performance.now() < tEnd) send(s, performance.now(), loop);
    };
    for (let w = 0; w < window; w++) loop();
  }
  await sleep(warmupMs + measureMs);
  await waitFor(
    () =>
      [...pending.values()].every(
        (p) => p.ackedAt !== undefined && (p.error || p.deliveredAt !== undefined),
      ),
    15_000,
    'in-flight messages',
    10,
  ).catch((e) => log(String(e)));
  watch?.loadStopped();
  const from = tStart + warmupMs;
  const inWindow = completions.filter((t) => t >= from && t < tEnd).length;
  const maxRate = inWindow / (measureMs / 1000);
  const closedLat = [...pending.values()]
    .filter((p) => p.ackedAt !== undefined && p.sentAt >= from)
    .map((p) => p.ackedAt! - p.sentAt);
  const undelivered = [...pending.values()].filter(
    (p) => !p.error && p.deliveredAt === undefined,
  ).length;
  const closedErrors = errors;
  const closedSent = pending.size;
  log(
    `ingest closed loop: ${round(maxRate, 1)} msg/s, ack ${JSON.stringify(summarize(closedLat))}, errors ${closedErrors}, undelivered ${undelivered}`,
  );

  // The closed loop leaves a backlog of background work (analysis, routing, SLA, rules): let the
  // server finish it (every event dispatched) so the paced run measures the steady state at half
  // the rate, not the catch-up.
  const backlog = await reader.undispatched();
  const closedSettle = await waitUndispatched(reader, opts.settleTimeoutMs ?? 60_000);
  log(
    `closed-loop backlog: ${backlog} undispatched events after the closed loop, settled in ${closedSettle.ms ?? `> ${opts.settleTimeoutMs ?? 60_000} (left ${closedSettle.left})`} ms`,
  );
  await sleep(500);

  // 2) Open loop at half the max rate: latency from the intended send time (no coordinated omission).
  const firstEventId = await reader.maxEventId();
  const analyzeBefore = await analyzeStats(servers);
  const rate = Math.max(1, Math.floor(maxRate / 2));
  const pacedMs = (quick ? 5 : 12) * 1000;
  pending.clear();
  completions.length = 0;
  errors = 0;
  const total = Math.floor((rate * pacedMs) / 1000);
  watch?.loadStarted();
  const p0 = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - p0) * rate) / 1000));
    while (sent < due) {
      send(sockets[sent % visitors], p0 + (sent * 1000) / rate);
      sent++;
    }
    await sleep(1);
  }
  await waitFor(
    () =>
      [...pending.values()].every(
        (p) => p.ackedAt !== undefined && (p.error || p.deliveredAt !== undefined),
      ),
    15_000,
    'paced in-flight',
    10,
  ).catch((e) => log(String(e)));
  watch?.loadStopped();
  const paced = [...pending.values()].filter((p) => p.ackedAt !== undefined);
  const fromIntended = paced.map((p) => p.ackedAt! - p.intendedAt);
  const fromEmit = paced.map((p) => p.ackedAt! - p.sentAt);
  const delivered = paced
    .filter((p) => p.deliveredAt !== undefined)
    .map((p) => p.deliveredAt! - p.intendedAt);
  log(
    `ingest paced ${rate} msg/s: ack ${JSON.stringify(summarize(fromIntended))}, delivered ${JSON.stringify(summarize(delivered))}, errors ${errors}`,
  );

  // 3) Background work of the paced messages: wait until every event is dispatched (polling only
  // now, after the run), then compute each message's lag from the rows (bench/lib/background.ts).
  const acked = paced
    .filter((p) => p.messageId && !p.error)
    .map((p) => ({ messageId: p.messageId!, ackedAtWall: p.ackedAtWall! }));
  const endWall = Math.max(...paced.map((p) => p.ackedAtWall!));
  const settleLimit = 30_000;
  const pacedSettle = await waitUndispatched(reader, settleLimit, 50);
  const bg = await backgroundLag(reader, firstEventId, acked, endWall);
  const analyzeAfter = await analyzeStats(servers);
  const analyses = analyzeAfter.count - analyzeBefore.count;
  // Worker time per analysis in the paced run, queueing in the pool included (kefu_ai_analyze_seconds on /metrics).
  const analyzeMeanMs =
    analyses > 0 ? round(((analyzeAfter.sum - analyzeBefore.sum) * 1000) / analyses, 2) : NaN;
  log(
    `background after the paced run: lag ${JSON.stringify({ p50: bg.lagP50, p99: bg.lagP99, max: bg.lagMax })} ms, analysis p99 ${bg.analysisP99} ms, message.created marked p99 ${bg.createdDispatchedP99} ms, message.analyzed marked p99 ${bg.analyzedDispatchedP99} ms after commit, settled ${bg.settledMs} ms, missing ${bg.missing}`,
  );
  for (const s of sockets) s.close();
  agent.close();
  return {
    maxRate: sig(maxRate),
    closed: summarize(closedLat),
    closedErrors,
    closedSent,
    undelivered,
    visitors,
    window,
    closedBacklog: backlog,
    closedSettleMs: closedSettle.ms,
    rate,
    pacedMs,
    pacedP99: round(percentile(fromIntended, 99), 2),
    pacedP50: round(percentile(fromIntended, 50), 2),
    pacedP99FromEmit: round(percentile(fromEmit, 99), 2),
    deliveredP99: round(percentile(delivered, 99), 2),
    pacedErrors: errors,
    pacedN: paced.length,
    background: {
      ...bg,
      analyzeMeanMs,
      analyses,
      settledMs: pacedSettle.ms === null ? null : bg.settledMs,
      settleLimitMs: settleLimit,
      leftUndispatched: pacedSettle.left,
    },
  };
}

export type IngestResult = Awaited<ReturnType<typeof ingest>>;
