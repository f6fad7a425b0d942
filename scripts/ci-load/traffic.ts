/**
 * The CI load check's traffic: visitors send over their sockets (≈ 1 message per 1.5 s each), one
 * agent replies once a second in the conversations it has seen; every send retries with the same
 * client message id until an ack without error arrives (5 s ack timeout, 250 ms pause after an error
 * ack), up to 15 s after the load stopped. No acked send for 5 s while the load runs is a stall.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type { StallWatch } from '../../bench/lib/stall.ts';
import { ask } from '../../server/test/client.ts';
import { sleep } from '../../server/test/spawn-server.ts';

const ACK_TIMEOUT_MS = 5_000;
export const STALL_GAP_MS = 5_000;
/** Unacked sends keep retrying this long after the load. */
const DRAIN_MS = 15_000;

export interface Sent {
  cmid: string;
  node: string;
  attempts: number;
  ackedAt?: number;
  messageId?: string;
  firstSentAt: number;
}

export interface LoadStats {
  retries: number;
  /** Acks that were not a message, by error code (`timeout`: no ack in time). */
  errorAcks: Record<string, number>;
  /** Ack latency of every acked attempt (ms). */
  latencies: number[];
}

export interface LoadRun {
  sent: Sent[];
  stats: LoadStats;
  /** Set when an ack gap of STALL_GAP_MS was seen while the load ran. */
  gapFailure: string;
  loadStart: number;
  loadMs: number;
  loadStoppedAt: number;
}

/** One send: the same client message id until an ack with a message arrives or `until` passes. */
async function sendWithRetry(
  socket: Socket,
  payload: Record<string, unknown>,
  rec: Sent,
  until: number,
  onAck: () => void,
  stats: LoadStats,
): Promise<Sent> {
  for (;;) {
    rec.attempts++;
    const t0 = performance.now();
    let r: any;
    try {
      r = await ask(
        socket,
        'message:send',
        { ...payload, clientMessageId: rec.cmid },
        ACK_TIMEOUT_MS,
      );
    } catch {
      r = { timeout: true };
    }
    if (r?.message?.id) {
      rec.ackedAt = performance.now();
      rec.messageId = r.message.id;
      onAck();
      stats.latencies.push(rec.ackedAt - t0);
      return rec;
    }
    const why = r?.timeout ? 'timeout' : String(r?.error?.code ?? 'unknown');
    stats.errorAcks[why] = (stats.errorAcks[why] ?? 0) + 1;
    if (performance.now() > until) return rec;
    stats.retries++;
    await sleep(r?.timeout ? 0 : 250);
  }
}

/** Runs the load for `seconds`, then waits for every send to be acked or given up. */
export async function runLoad(opts: {
  visitors: Array<{ socket: Socket; node: string }>;
  agent: { socket: Socket; node: string; conversations: Set<string> };
  watch: StallWatch;
  seconds: number;
}): Promise<LoadRun> {
  const { visitors, agent, watch } = opts;
  const sent: Sent[] = [];
  const stats: LoadStats = { retries: 0, errorAcks: {}, latencies: [] };
  const loadMs = opts.seconds * 1000;
  const loadStart = performance.now();
  const loadEnd = loadStart + loadMs;
  const drainLimit = loadEnd + DRAIN_MS;
  let gapFailure = '';
  const gapTimer = setInterval(() => {
    const gap = watch.currentGapMs();
    if (gap >= STALL_GAP_MS && !gapFailure)
      gapFailure = `no acked send for ${Math.round(gap)} ms at ${Math.round((performance.now() - loadStart) / 1000)} s`;
  }, 250);
  watch.loadStarted();
  const onAck = () => watch.ack();
  const record = (cmid: string, node: string): Sent => {
    const rec: Sent = { cmid, node, attempts: 0, firstSentAt: performance.now() };
    sent.push(rec);
    return rec;
  };
  let seq = 0;
  const visitorLoops = visitors.map(async (v, i) => {
    await sleep(Math.random() * 1_000);
    while (performance.now() < loadEnd) {
      const rec = record(`ci-v${i}-${++seq}-${randomBytes(3).toString('hex')}`, v.node);
      await sendWithRetry(
        v.socket,
        { content: `客服 load ${rec.cmid}: 我的订单还没到，where is my order?` },
        rec,
        drainLimit,
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
      const ids = [...agent.conversations];
      if (!ids.length) continue;
      const rec = record(`ci-agent-${++i}-${randomBytes(3).toString('hex')}`, agent.node);
      await sendWithRetry(
        agent.socket,
        { conversationId: ids[i % ids.length], content: `reply ${i}` },
        rec,
        drainLimit,
        onAck,
        stats,
      );
    }
  })();
  await Promise.all([...visitorLoops, agentLoop]);
  clearInterval(gapTimer);
  watch.loadStopped();
  return { sent, stats, gapFailure, loadStart, loadMs, loadStoppedAt: performance.now() };
}
