/**
 * The ingest benchmark: the raw `sqlite_insert` baseline and the `ingest` scenario (widget message →
 * validate → durable commit → ack → delivered to the agent socket), closed loop then paced at half
 * the rate. Used by core.bench.ts.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { openDatabase } from '../../server/db/client.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { tempDir, type KefuServer } from './proc.ts';
import { connectMany, connectSocketIo, createVisitorSessions } from './clients.ts';
import { log, percentile, round, sig, sleep, summarize, waitFor } from './stats.ts';

export const MESSAGE_TEXT = '你好，我上周买的蓝牙耳机到现在还没发货，订单号是202311230001，where is my order? I paid already. 快递一直显示运输中，你们到底什么时候能送到？';

// ───────────────────────────── sqlite_insert ─────────────────────────────

export async function sqliteInsert(quick: boolean) {
  const dir = tempDir('insert');
  const database = openDatabase({ kind: 'sqlite', file: join(dir, 'insert.db') }); // WAL + synchronous=NORMAL
  await migrateToLatest(database.db, database.dialect);
  const db = database.sqlite!;
  const accountId = randomUUID();
  const convs = Array.from({ length: 100 }, () => randomUUID());
  const seqs = new Array<number>(convs.length).fill(0);
  const stmt = db.prepare(`insert into messages (id,account_id,conversation_id,seq,message_type,sender_type,sender_id,content,content_attributes,client_message_id,idempotency_key,external_id,status,created_at)
    values (?,?,?,?,'incoming','contact',?,?,'{}',?,?,null,'sent',?)`);
  const seconds = quick ? 3 : 8;
  const maxRows = quick ? 200_000 : 1_000_000;
  const lat: number[] = [];
  for (let i = 0; i < 500; i++) { const c = i % convs.length; stmt.run(randomUUID(), accountId, convs[c], ++seqs[c], convs[c], MESSAGE_TEXT, `w${i}`, `contact:${convs[c]}:w${i}`, Date.now()); }
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let n = 0;
  for (; n < maxRows; n++) {
    const c = n % convs.length;
    const s = performance.now();
    if (s > end) break;
    const cmid = `m${n}`;
    stmt.run(randomUUID(), accountId, convs[c], ++seqs[c], convs[c], MESSAGE_TEXT, cmid, `contact:${convs[c]}:${cmid}`, Date.now());
    lat.push(performance.now() - s);
  }
  const elapsed = (performance.now() - t0) / 1000;
  await database.close();
  return { rate: sig(n / elapsed), p99: round(percentile(lat, 99), 4), n };
}

// ───────────────────────────── ingest ─────────────────────────────

interface Pending { sentAt: number; intendedAt: number; ackedAt?: number; deliveredAt?: number; error?: string }

export async function ingest(server: KefuServer, cookie: string, quick: boolean) {
  const visitors = 50; // the same load in both modes (quick only measures for less time): 20 made quick runs read ~25 % lower
  const tokens = await createVisitorSessions(server.url, server.inboxToken, visitors);
  const agent = await connectSocketIo(server.url, '/agent', { cookie });
  const sockets = await connectMany(visitors, 16, (i) => connectSocketIo(server.url, '/visitor', { token: tokens[i] }));
  const pending = new Map<string, Pending>();
  const completions: number[] = [];
  let errors = 0;
  const complete = (p: Pending) => { if (p.ackedAt !== undefined && p.deliveredAt !== undefined && !p.error) completions.push(Math.max(p.ackedAt, p.deliveredAt)); };
  agent.on('event', (e: { type: string; payload: { message?: { clientMessageId?: string | null } } }) => {
    if (e.type !== 'message.created') return;
    const p = pending.get(e.payload.message?.clientMessageId ?? '');
    if (p && p.deliveredAt === undefined) { p.deliveredAt = performance.now(); complete(p); }
  });
  let counter = 0;
  const send = (s: Socket, intendedAt: number, onAck?: () => void) => {
    const id = `b${++counter}-${randomUUID().slice(0, 8)}`;
    const p: Pending = { sentAt: performance.now(), intendedAt };
    pending.set(id, p);
    s.emit('message:send', { content: `${MESSAGE_TEXT} #${counter}`, clientMessageId: id }, (r: { error?: { code: string } }) => {
      p.ackedAt = performance.now();
      if (r?.error) { p.error = r.error.code; errors++; } else complete(p);
      onAck?.();
    });
  };
  // Warm-up: every visitor opens its conversation.
  await Promise.all(sockets.map((s) => new Promise<void>((r) => send(s, performance.now(), r))));
  await waitFor(() => completions.length >= visitors - errors, 10_000, 'warm-up deliveries');
  if (errors) throw new Error(`ingest warm-up: ${errors} errors`);

  // 1) Closed loop: every visitor keeps `window` messages in flight; count acked + delivered.
  const window = 2;
  const warmupMs = 1000;
  const measureMs = (quick ? 5 : 12) * 1000;
  pending.clear(); completions.length = 0;
  const tStart = performance.now();
  const tEnd = tStart + warmupMs + measureMs;
  for (const s of sockets) {
    const loop = () => { if (performance.now() < tEnd) send(s, performance.now(), loop); };
    for (let w = 0; w < window; w++) loop();
  }
  await sleep(warmupMs + measureMs);
  await waitFor(() => [...pending.values()].every((p) => p.ackedAt !== undefined && (p.error || p.deliveredAt !== undefined)), 15_000, 'in-flight messages', 10)
    .catch((e) => log(String(e)));
  const from = tStart + warmupMs;
  const inWindow = completions.filter((t) => t >= from && t < tEnd).length;
  const maxRate = inWindow / (measureMs / 1000);
  const closedLat = [...pending.values()].filter((p) => p.ackedAt !== undefined && p.sentAt >= from).map((p) => p.ackedAt! - p.sentAt);
  const undelivered = [...pending.values()].filter((p) => !p.error && p.deliveredAt === undefined).length;
  const closedErrors = errors;
  log(`ingest closed loop: ${round(maxRate, 1)} msg/s, ack ${JSON.stringify(summarize(closedLat))}, errors ${closedErrors}, undelivered ${undelivered}`);

  // The closed loop leaves a backlog of background work (analysis, routing, SLA, rules): let the
  // server finish it so the paced run measures the steady state at half the rate, not the catch-up.
  const settledMs = await settle(server.url);

  // 2) Open loop at half the max rate: latency from the intended send time (no coordinated omission).
  const rate = Math.max(1, Math.floor(maxRate / 2));
  const pacedMs = (quick ? 5 : 12) * 1000;
  pending.clear(); completions.length = 0; errors = 0;
  const total = Math.floor((rate * pacedMs) / 1000);
  const p0 = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - p0) * rate) / 1000));
    while (sent < due) { send(sockets[sent % visitors], p0 + (sent * 1000) / rate); sent++; }
    await sleep(1);
  }
  await waitFor(() => [...pending.values()].every((p) => p.ackedAt !== undefined && (p.error || p.deliveredAt !== undefined)), 15_000, 'paced in-flight', 10)
    .catch((e) => log(String(e)));
  const paced = [...pending.values()].filter((p) => p.ackedAt !== undefined);
  const fromIntended = paced.map((p) => p.ackedAt! - p.intendedAt);
  const fromEmit = paced.map((p) => p.ackedAt! - p.sentAt);
  const delivered = paced.filter((p) => p.deliveredAt !== undefined).map((p) => p.deliveredAt! - p.intendedAt);
  log(`ingest paced ${rate} msg/s: ack ${JSON.stringify(summarize(fromIntended))}, delivered ${JSON.stringify(summarize(delivered))}, errors ${errors}`);
  for (const s of sockets) s.close();
  agent.close();
  return {
    maxRate: sig(maxRate), closed: summarize(closedLat), closedErrors, undelivered, visitors, window,
    rate, settledMs, pacedP99: round(percentile(fromIntended, 99), 2), pacedP50: round(percentile(fromIntended, 50), 2),
    pacedP99FromEmit: round(percentile(fromEmit, 99), 2), deliveredP99: round(percentile(delivered, 99), 2), pacedErrors: errors, pacedN: paced.length,
  };
}

/** Waits (at most 20 s) until the server's job queue is empty (`kefu_queue_depth` 0 on /metrics); returns how long it took. */
async function settle(url: string): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < 20_000) {
    const text = await (await fetch(`${url}/metrics`)).text();
    if (Number(/^kefu_queue_depth (\S+)$/m.exec(text)?.[1] ?? 0) === 0) break;
    await sleep(100);
  }
  return Math.round(performance.now() - t0);
}
