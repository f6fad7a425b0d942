/**
 * Crash test (SQLite): visitors and an agent send continuously while the server is SIGKILLed at
 * random moments and restarted on the same DATA_DIR. Clients retry unacked sends with the same
 * clientMessageId and resume after reconnecting. Afterwards the recorded client history is checked
 * against the stored history, Jepsen style:
 *   - every acknowledged message is stored exactly once (acked = durable, exactly-once effect);
 *   - no clientMessageId is stored twice, none is stored that no client sent;
 *   - per conversation, seq is 1..N with no gaps; each client's messages are stored in its send order;
 *   - what the ack said (id, seq) is what is stored;
 *   - a reconnecting visitor (`sync {afterSeq}`) and agent (`resume {after}` / `conversation:sync`)
 *     end up knowing every stored message of their conversations without a final catch-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { createVisitor, login, waitConnected } from '../test/e2e-client.ts';
import {
  freePort,
  killAllSpawned,
  sleep,
  spawnServer,
  type SpawnedServer,
} from '../test/spawn-server.ts';
import {
  AgentClient,
  type Deadline,
  rand,
  readHistory,
  type StoredMessage,
  VisitorClient,
} from './crash-harness.ts';

const VISITORS = 8;
const CRASHES = 5;
const DEMO_AGENT = { email: 'li@demo.kefu.dev', password: 'kefu-agent-2026' };

describe('crash safety: SIGKILL under load (SQLite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-crash-'));
  const sockets: Socket[] = [];
  const stop = { value: false };

  afterAll(async () => {
    stop.value = true;
    for (const s of sockets) s.close();
    await killAllSpawned();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('acked messages survive kill -9 exactly once, in order, and reconnecting clients miss nothing', async () => {
    const started = Date.now();
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      SECRET_KEY: 'crash-test-secret-key-0123456789abcdef',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      RATE_LIMIT_MESSAGES_PER_MIN: '1000000',
      RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '100000',
      RATE_LIMIT_LOGIN_PER_MIN: '1000',
    };
    let server: SpawnedServer = await spawnServer({ env, port, name: 'kefu-crash' });
    const url = server.url;
    const inboxToken = server.widgetToken;
    expect(inboxToken, server.output()).toBeTruthy();
    const outputs: string[] = [];

    const session = await login(url, DEMO_AGENT.email, DEMO_AGENT.password);
    const visitors: VisitorClient[] = [];
    for (let k = 0; k < VISITORS; k++) {
      const v = await createVisitor(url, inboxToken!);
      const client = new VisitorClient(`v${k}`, v.visitorToken);
      client.connect(url);
      sockets.push(client.socket);
      visitors.push(client);
    }
    const visitorConversations = () =>
      visitors.map((v) => v.conversationId).filter((c): c is string => !!c);
    const agent = new AgentClient(session, visitorConversations, () => url);
    agent.connect(url);
    sockets.push(agent.socket);
    await Promise.all([
      ...visitors.map((v) => waitConnected(v.socket)),
      waitConnected(agent.socket),
    ]);

    const hardDeadline: Deadline = { at: Date.now() + 240_000 };
    const loops = [
      ...visitors.map((v) => v.run(stop, hardDeadline)),
      agent.runSender(visitorConversations, stop, hardDeadline),
    ];

    // Chaos: SIGKILL at random moments, restart on the same data directory and port. The moments are
    // counted in acknowledged sends since the last restart (not in wall-clock time), so every run
    // crashes the server under the same amount of traffic however fast this machine is.
    const ackedNow = () =>
      [...visitors.flatMap((v) => v.ops), ...agent.ops].filter((o) => o.acked).length;
    const untilAcked = async (n: number, what: string) => {
      while (ackedNow() < n) {
        if (Date.now() > hardDeadline.at)
          throw new Error(
            `${what}: only ${ackedNow()} of ${n} sends acked before the deadline\n${server.output().slice(-4000)}`,
          );
        await sleep(25);
      }
    };
    const crashes: Array<{ at: number; downMs: number; ackedBefore: number }> = [];
    for (let c = 0; c < CRASHES; c++) {
      await untilAcked(ackedNow() + rand(15, 40), `before crash ${c + 1}`);
      const ackedBefore = ackedNow();
      const killedAt = Date.now();
      const exit = await server.kill('SIGKILL');
      expect(exit.signal).toBe('SIGKILL');
      outputs.push(server.output());
      await sleep(rand(0, 300));
      server = await spawnServer({ env, port, name: `kefu-crash-restart-${c + 1}` });
      crashes.push({ at: killedAt - started, downMs: Date.now() - killedAt, ackedBefore });
    }
    // Traffic after the last restart, and enough of it overall that the checks below cover ≥ 20 sends a visitor.
    await untilAcked(Math.max(ackedNow() + 20, VISITORS * 20 + 1), 'after the last restart');
    stop.value = true;
    hardDeadline.at = Date.now() + 60_000;
    await Promise.all(loops);
    // Let reconnect syncs / resumes and live deliveries settle (no final catch-up is issued by the test).
    await Promise.all([...visitors.map((v) => v.syncInFlight), agent.syncInFlight]);
    await sleep(1_000);
    await Promise.all([...visitors.map((v) => v.syncInFlight), agent.syncInFlight]);

    // ---- Stored history, read through the API ----
    const allOps = [...visitors.flatMap((v) => v.ops), ...agent.ops];
    const unacked = allOps.filter((o) => !o.acked);
    const conversationIds = [...new Set(visitors.map((v) => v.conversationId!))];
    const histories = new Map<string, StoredMessage[]>();
    for (const cid of conversationIds) histories.set(cid, await readHistory(url, session, cid));
    const stored = [...histories.values()].flat();
    const byCmid = new Map<string, StoredMessage[]>();
    for (const m of stored)
      if (m.clientMessageId)
        byCmid.set(m.clientMessageId, [...(byCmid.get(m.clientMessageId) ?? []), m]);

    const problems: string[] = [];
    // Every client finished its last send (the final server stayed up), so nothing is indeterminate.
    if (unacked.length)
      problems.push(
        `unacked at the end: ${unacked.map((o) => `${o.cmid}(${o.attempts} attempts, errors ${o.errors.join(',')})`).join(' ')}`,
      );
    if (new Set(visitors.map((v) => v.conversationId)).size !== VISITORS)
      problems.push('visitors do not each have their own conversation');

    for (const op of allOps.filter((o) => o.acked)) {
      const found = byCmid.get(op.cmid) ?? [];
      if (found.length === 0)
        problems.push(`LOST acked ${op.cmid} (ack id ${op.ackId} seq ${op.ackSeq})`);
      else if (found.length > 1)
        problems.push(
          `DUPLICATE ${op.cmid}: seqs ${found.map((m) => m.seq).join(',')} (attempts ${op.attempts})`,
        );
      else {
        const m = found[0];
        if (m.id !== op.ackId || m.seq !== op.ackSeq || m.conversationId !== op.conversationId) {
          problems.push(
            `ack mismatch ${op.cmid}: ack ${op.ackId}/${op.ackSeq}/${op.conversationId} stored ${m.id}/${m.seq}/${m.conversationId}`,
          );
        }
        if (m.content !== op.content) problems.push(`content mismatch ${op.cmid}`);
        if (op.droppedAck && (op.droppedAck.id !== m.id || op.duplicateAcks !== 1)) {
          problems.push(
            `retry after a lost ack of ${op.cmid} was not answered as the same message (first ${op.droppedAck.id}, stored ${m.id}, duplicate acks ${op.duplicateAcks})`,
          );
        }
      }
    }
    const sentCmids = new Set(allOps.map((o) => o.cmid));
    for (const [cmid, ms] of byCmid) {
      // The demo inbox has the bot on: its replies and hand-over notes (sender bot/system) are the product's, not phantoms.
      if (ms.every((m) => m.sender && m.sender.type !== 'contact' && m.sender.type !== 'user'))
        continue;
      if (!sentCmids.has(cmid)) problems.push(`phantom message ${cmid} seq ${ms[0].seq}`);
      else if (ms.length > 1 && !allOps.find((o) => o.cmid === cmid)?.acked)
        problems.push(`DUPLICATE unacked ${cmid}`);
    }
    for (const [cid, h] of histories) {
      h.forEach((m, i) => {
        if (m.seq !== i + 1)
          problems.push(`seq gap/inversion in ${cid}: position ${i + 1} has seq ${m.seq}`);
      });
    }
    // Each client's messages appear in its send order (a client sends the next only after the ack).
    for (const client of [...visitors.map((v) => v.ops), agent.ops]) {
      const lastSeq = new Map<string, { seq: number; cmid: string }>();
      for (const op of client.filter((o) => o.acked)) {
        const prev = lastSeq.get(op.conversationId!);
        if (prev && !(op.ackSeq! > prev.seq))
          problems.push(
            `ORDER inversion: ${op.cmid} seq ${op.ackSeq} after ${prev.cmid} seq ${prev.seq}`,
          );
        lastSeq.set(op.conversationId!, { seq: op.ackSeq!, cmid: op.cmid });
      }
    }
    // No gaps on reconnect: the live stream plus reconnect syncs cover the stored history.
    for (const v of visitors) {
      const h = histories
        .get(v.conversationId!)!
        .filter((m) => m.type === 'incoming' || m.type === 'outgoing');
      const missed = h.filter((m) => v.known.get(m.seq)?.id !== m.id);
      if (missed.length)
        problems.push(
          `visitor ${v.name} never received seqs ${missed.map((m) => m.seq).join(',')} (syncs ${v.syncs})`,
        );
    }
    for (const [cid, h] of histories) {
      const k = agent.known.get(cid) ?? new Map<number, string>();
      const missed = h.filter((m) => k.get(m.seq) !== m.id);
      if (missed.length)
        problems.push(
          `agent never received ${cid} seqs ${missed.map((m) => m.seq).join(',')} (resumes ${agent.resumes}, resyncs ${agent.resyncs})`,
        );
    }

    const summary = {
      elapsedMs: Date.now() - started,
      crashes,
      storedMessages: stored.length,
      acked: allOps.filter((o) => o.acked).length,
      retried: allOps.filter((o) => o.attempts > 1).length,
      droppedAcks: allOps.filter((o) => o.droppedAck).length,
      duplicateAcks: allOps.reduce((n, o) => n + o.duplicateAcks, 0),
      visitorSyncs: visitors.reduce((n, v) => n + v.syncs, 0),
      visitorRecoveredBySync: visitors.reduce((n, v) => n + v.recoveredBySync, 0),
      agentResumes: agent.resumes,
      agentResyncs: agent.resyncs,
      agentRecoveredByResume: agent.recoveredByResume,
      agentLiveDuplicateEvents: agent.liveDuplicates,
    };
    console.log('[crash test]', JSON.stringify(summary));
    expect(
      problems,
      `${problems.slice(0, 50).join('\n')}\n--- server output (last run) ---\n${server.output().slice(-4000)}`,
    ).toEqual([]);
    expect(crashes).toHaveLength(CRASHES);
    expect(summary.retried).toBeGreaterThan(0); // the crashes really interrupted in-flight sends
    expect(summary.duplicateAcks).toBeGreaterThan(0); // retries of committed sends were exercised
    expect(summary.acked).toBeGreaterThan(VISITORS * 20);
  }, 300_000); // ~40 s on an idle machine; restarts get slow when the machine is loaded (the test waits for acks, not for time)
});
