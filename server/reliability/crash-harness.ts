/**
 * Client machinery for the SIGKILL crash test (crash.test.ts): visitors and an agent that send with
 * retries (same clientMessageId), record every ack, and catch up after reconnecting (visitor `sync`,
 * agent `resume` / `conversation:sync` / REST paging); plus a reader of the stored history.
 */
import type { Socket } from 'socket.io-client';
import { agentSocket, http, visitorSocket, type AgentSession } from '../test/e2e-client.ts';
import { sleep } from '../test/spawn-server.ts';

export interface StoredMessage {
  id: string;
  seq: number;
  conversationId: string;
  clientMessageId: string | null;
  content: string;
  type: string;
  sender?: { type: string } | null;
}
export interface Op {
  client: string;
  index: number;
  cmid: string;
  content: string;
  conversationId?: string;
  attempts: number;
  acked: boolean;
  ackId?: string;
  ackSeq?: number;
  duplicateAcks: number;
  errors: string[];
  /** An ack the client pretended not to receive (simulated lost ack), to force a retry of a committed send. */
  droppedAck?: { id: string; seq: number };
}

export const rand = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

/** One send attempt: resolves with the ack, or null on timeout / disconnect (the caller retries). */
export function sendOnce(
  socket: Socket,
  event: string,
  payload: unknown,
  timeoutMs: number,
): Promise<any | null> {
  return new Promise((resolve) => {
    if (!socket.connected) {
      resolve(null);
      return;
    }
    let done = false;
    const finish = (v: any) => {
      if (done) return;
      done = true;
      clearTimeout(t);
      socket.off('disconnect', onDisconnect);
      resolve(v);
    };
    const onDisconnect = () => finish(null);
    const t = setTimeout(() => finish(null), timeoutMs);
    socket.once('disconnect', onDisconnect);
    socket.emit(event, payload, (ack: unknown) => finish(ack));
  });
}

/** Clients give up on an unacked send only after this (set when the load stops; the final server stays up). */
export interface Deadline {
  at: number;
}

export async function untilConnected(socket: Socket, deadline: Deadline): Promise<boolean> {
  while (!socket.connected) {
    if (Date.now() > deadline.at) return false;
    await sleep(25);
  }
  return true;
}

/** Sends `op` until acknowledged (same clientMessageId on every attempt). */
export async function deliver(
  socket: Socket,
  op: Op,
  payload: Record<string, unknown>,
  deadline: Deadline,
): Promise<void> {
  while (!op.acked && Date.now() < deadline.at) {
    if (!(await untilConnected(socket, deadline))) return;
    op.attempts++;
    const r = await sendOnce(
      socket,
      'message:send',
      { ...payload, content: op.content, clientMessageId: op.cmid },
      3_000,
    );
    if (!r) continue;
    if (r.error) {
      op.errors.push(r.error.code);
      await sleep(50);
      continue;
    }
    // Every 10th send of each client pretends its first ack was lost (deterministic: the retry of a committed send is always exercised).
    if (!op.droppedAck && op.index % 10 === 3) {
      op.droppedAck = { id: r.message.id, seq: r.message.seq };
      continue;
    }
    op.acked = true;
    op.ackId = r.message.id;
    op.ackSeq = r.message.seq;
    op.conversationId = r.message.conversationId;
    if (r.duplicate) op.duplicateAcks++;
  }
}

export function contiguous(seqs: Set<number>): number {
  let n = 0;
  while (seqs.has(n + 1)) n++;
  return n;
}

export class VisitorClient {
  readonly ops: Op[] = [];
  /** Visitor-visible messages this client knows (own acks, live 'message' events, syncs), by seq. */
  readonly known = new Map<number, { id: string; via: string }>();
  conversationId: string | null = null;
  socket!: Socket;
  connects = 0;
  syncs = 0;
  recoveredBySync = 0;
  syncInFlight: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    readonly visitorToken: string,
  ) {}

  learn(m: { id: string; seq: number; conversationId: string }, via: string) {
    if (this.conversationId && m.conversationId !== this.conversationId) return; // checked separately via ops
    if (!this.known.has(m.seq)) {
      this.known.set(m.seq, { id: m.id, via });
      if (via === 'sync') this.recoveredBySync++;
    }
  }

  connect(url: string) {
    this.socket = visitorSocket(url, this.visitorToken);
    this.socket.on('message', (p: { message: StoredMessage }) => this.learn(p.message, 'live'));
    this.socket.on('connect', () => {
      this.connects++;
      if (this.connects === 1) return;
      // Reconnected: ask for everything after the last seq we have without a hole.
      this.syncInFlight = this.syncInFlight.then(() => this.sync());
    });
  }

  async sync(): Promise<void> {
    for (let attempt = 0; attempt < 5 && this.socket.connected; attempt++) {
      const afterSeq = contiguous(new Set(this.known.keys()));
      const r = await sendOnce(this.socket, 'sync', { afterSeq }, 3_000);
      if (!r || r.error) {
        await sleep(100);
        continue;
      }
      this.syncs++;
      if (r.resync) throw new Error(`${this.name}: sync answered resync`);
      if (r.conversation) this.conversationId ??= r.conversation.id;
      for (const m of r.messages as StoredMessage[]) this.learn(m, 'sync');
      return;
    }
  }

  async run(stop: { value: boolean }, hardDeadline: Deadline) {
    for (let i = 0; i < 10_000 && !stop.value; i++) {
      const cmid = `${this.name}-${i}-${Math.random().toString(36).slice(2, 8)}`;
      const op: Op = {
        client: this.name,
        index: i,
        cmid,
        content: `msg ${cmid}`,
        attempts: 0,
        acked: false,
        duplicateAcks: 0,
        errors: [],
      };
      this.ops.push(op);
      await deliver(this.socket, op, {}, hardDeadline);
      if (op.acked) {
        this.conversationId ??= op.conversationId!;
        this.learn({ id: op.ackId!, seq: op.ackSeq!, conversationId: op.conversationId! }, 'ack');
      }
      await sleep(rand(60, 120));
    }
  }
}

export class AgentClient {
  readonly ops: Op[] = [];
  readonly eventIds = new Set<number>();
  liveDuplicates = 0;
  lastEventId = 0;
  resumes = 0;
  resyncs = 0;
  recoveredByResume = 0;
  /** conversationId → seq → message id, from message.created events and conversation:sync. */
  readonly known = new Map<string, Map<number, string>>();
  socket!: Socket;
  connects = 0;
  syncInFlight: Promise<void> = Promise.resolve();

  constructor(
    readonly session: AgentSession,
    readonly conversations: () => string[],
    readonly url: () => string,
  ) {}

  learn(m: { id: string; seq: number; conversationId: string }) {
    let c = this.known.get(m.conversationId);
    if (!c) this.known.set(m.conversationId, (c = new Map()));
    if (!c.has(m.seq)) c.set(m.seq, m.id);
  }

  apply(e: { id: number; type: string; payload: any }, via: 'live' | 'resume') {
    if (this.eventIds.has(e.id)) {
      if (via === 'live') this.liveDuplicates++;
      return;
    }
    this.eventIds.add(e.id);
    if (via === 'resume') this.recoveredByResume++;
    this.lastEventId = Math.max(this.lastEventId, e.id);
    if (e.type === 'message.created') this.learn(e.payload.message);
  }

  connect(url: string) {
    this.socket = agentSocket(url, this.session);
    this.socket.on('event', (e) => this.apply(e, 'live'));
    this.socket.on('connect', () => {
      this.connects++;
      if (this.connects === 1) return;
      this.syncInFlight = this.syncInFlight.then(() => this.resume());
    });
  }

  async resume(): Promise<void> {
    for (let attempt = 0; attempt < 5 && this.socket.connected; attempt++) {
      const r = await sendOnce(this.socket, 'resume', { after: this.lastEventId }, 5_000);
      if (!r || r.error) {
        await sleep(100);
        continue;
      }
      this.resumes++;
      if (!r.resync) {
        for (const e of r.events) this.apply(e, 'resume');
        return;
      }
      // Explicit resync: catch up every conversation by seq, then continue from the new cursor.
      this.resyncs++;
      for (const cid of this.conversations()) await this.syncConversation(cid);
      this.lastEventId = Math.max(this.lastEventId, r.cursor);
      return;
    }
  }

  async syncConversation(cid: string): Promise<void> {
    const have = this.known.get(cid) ?? new Map();
    const r = await sendOnce(
      this.socket,
      'conversation:sync',
      { conversationId: cid, afterSeq: contiguous(new Set(have.keys())) },
      5_000,
    );
    if (r && !r.error && !r.resync) {
      for (const m of r.messages) this.learn(m);
      return;
    }
    // Too much to sync over the socket (or no answer): page through the REST API.
    let after = contiguous(new Set(have.keys()));
    for (let page = 0; page < 200; page++) {
      const res = await http(
        this.url(),
        'GET',
        `/api/v1/conversations/${cid}/messages?after=${after}&limit=100`,
        { cookie: this.session.cookie },
      ).catch(() => null);
      if (!res || res.status !== 200) return;
      for (const m of res.body.data) this.learn(m);
      if (!res.body.hasMore || !res.body.data.length) return;
      after = res.body.data[res.body.data.length - 1].seq;
    }
  }

  async runSender(targets: () => string[], stop: { value: boolean }, hardDeadline: Deadline) {
    for (let i = 0; i < 10_000 && !stop.value; i++) {
      const convs = targets();
      if (!convs.length) {
        await sleep(50);
        continue;
      }
      const conversationId = convs[i % convs.length];
      const cmid = `agent-${i}-${Math.random().toString(36).slice(2, 8)}`;
      const op: Op = {
        client: 'agent',
        index: i,
        cmid,
        content: `reply ${cmid}`,
        conversationId,
        attempts: 0,
        acked: false,
        duplicateAcks: 0,
        errors: [],
      };
      this.ops.push(op);
      await deliver(this.socket, op, { conversationId }, hardDeadline);
      await sleep(rand(80, 160));
    }
  }
}

export async function readHistory(
  url: string,
  session: AgentSession,
  conversationId: string,
): Promise<StoredMessage[]> {
  const out: StoredMessage[] = [];
  let after = 0;
  for (let page = 0; page < 1_000; page++) {
    const r = await http(
      url,
      'GET',
      `/api/v1/conversations/${conversationId}/messages?after=${after}&limit=100`,
      { cookie: session.cookie },
    );
    if (r.status !== 200)
      throw new Error(`history of ${conversationId}: ${r.status} ${JSON.stringify(r.body)}`);
    out.push(...r.body.data);
    if (!r.body.hasMore) return out;
    after = r.body.data[r.body.data.length - 1].seq;
  }
  throw new Error('history paging did not end');
}
