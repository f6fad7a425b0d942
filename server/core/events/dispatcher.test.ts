import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { tempSqlite, type TempSqlite } from '../../test/temp-sqlite.ts';
import { MemoryQueue } from '../infra/memory-queue.ts';
import type { DomainEvent } from './catalog.ts';
import { Dispatcher, type DispatcherOptions, type Processor } from './dispatcher.ts';
import { EventRecorder } from './recorder.ts';
import { hash } from './lanes.ts';
import { until } from '../../test/wait.ts';

let temp: TempSqlite;
let database: Database;
beforeEach(async () => {
  temp = await tempSqlite();
  database = temp.database;
});
afterEach(() => temp.remove());

const silent = pino({ level: 'silent' });
const clock = { t: Date.now() };
const now = () => clock.t;

async function recordOne(ageMs = 60_000, accountId = 'acct-1'): Promise<DomainEvent> {
  return database.db.transaction().execute(async (tx) => {
    const r = new EventRecorder(tx, accountId, () => now() - ageMs);
    await r.record('conversation.created', { conversation: { id: 'c1' } } as never, 'c1');
    return r.recorded[0];
  });
}

function latch() {
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  return { gate, release };
}

function node(opts: DispatcherOptions = {}) {
  const queue = new MemoryQueue(1);
  const dispatcher = new Dispatcher(database.db, queue, silent, now, { backoffMs: 1, ...opts });
  return { dispatcher, queue };
}

async function dispatchedAt(id: number) {
  return (
    await database.db
      .selectFrom('events')
      .select('dispatched_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).dispatched_at;
}

describe('Dispatcher sweeper', () => {
  it('does not run again an event this process is still processing, however old', async () => {
    const { dispatcher } = node();
    const runs: number[] = [];
    const l = latch();
    dispatcher.register({
      name: 'slow',
      mode: 'inline',
      handles: '*',
      async handle(e) {
        runs.push(e.id);
        await l.gate;
      },
    });
    const event = await recordOne();
    dispatcher.dispatch([event]);
    expect(await dispatcher.sweep({ force: true })).toBe(0); // ours: not re-run
    expect(runs).toEqual([event.id]);
    l.release();
    await dispatcher.idle();
    expect(runs).toEqual([event.id]);
    expect(await dispatchedAt(event.id)).not.toBeNull();
  });

  it('re-dispatches an event that was committed but never handed to a dispatcher (crash between commit and dispatch)', async () => {
    const { dispatcher } = node();
    const runs: number[] = [];
    dispatcher.register({
      name: 'p',
      mode: 'inline',
      handles: '*',
      handle(e) {
        runs.push(e.id);
      },
    });
    const event = await recordOne();
    expect(await dispatcher.sweep()).toBe(1);
    expect(await dispatcher.sweep()).toBe(0); // claimed once (leased, then marked)
    await dispatcher.idle();
    expect(runs).toEqual([event.id]);
    expect(await dispatchedAt(event.id)).not.toBeNull();
  });

  it('leaves a fresh event to the node that committed it until its lease runs out', async () => {
    const { dispatcher } = node({ leaseMs: 15_000 });
    dispatcher.register({ name: 'p', mode: 'inline', handles: '*', handle() {} });
    await recordOne(1_000);
    expect(await dispatcher.sweep()).toBe(0);
    clock.t += 15_000;
    expect(await dispatcher.sweep()).toBe(1);
    await dispatcher.idle();
    clock.t -= 15_000;
  });
});

describe('Dispatcher: background work is as durable as the message', () => {
  it('marks an event dispatched only after its job processors finished', async () => {
    const { dispatcher } = node();
    const l = latch();
    dispatcher.register({
      name: 'job',
      mode: 'job',
      handles: '*',
      async handle() {
        await l.gate;
      },
    });
    const event = await recordOne(0);
    dispatcher.dispatch([event]);
    await new Promise((r) => setTimeout(r, 60)); // well past the 20 ms mark batching
    expect(await dispatchedAt(event.id)).toBeNull();
    l.release();
    await dispatcher.idle();
    expect(await dispatchedAt(event.id)).not.toBeNull();
  });

  it('a job lost with its process (kill -9 while it runs) runs again at the next start', async () => {
    const first = node();
    const ran: string[] = [];
    const l = latch();
    first.dispatcher.register({
      name: 'job',
      mode: 'job',
      handles: '*',
      async handle() {
        await l.gate;
        ran.push('first');
      },
    });
    const event = await recordOne(0);
    first.dispatcher.dispatch([event]);
    await new Promise((r) => setTimeout(r, 60));
    // "kill -9": the first process never runs again (its job never finishes, nothing more is written)
    const second = node();
    second.dispatcher.register({
      name: 'job',
      mode: 'job',
      handles: '*',
      async handle() {
        ran.push('second');
      },
    });
    await second.dispatcher.recover({ force: true, createdBefore: now() + 1 });
    await second.dispatcher.idle();
    expect(ran).toEqual(['second']);
    expect(await dispatchedAt(event.id)).not.toBeNull();
    await first.dispatcher.drain();
  });

  it('a shutdown leaves unfinished events undispatched; the next start finishes them', async () => {
    const first = node();
    const l = latch();
    let started = 0;
    first.dispatcher.register({
      name: 'job',
      mode: 'job',
      handles: '*',
      async handle() {
        started++;
        await l.gate;
      },
    });
    const events = [];
    for (let i = 0; i < 5; i++) events.push(await recordOne(0));
    first.dispatcher.dispatch(events); // 4 run at once, the 5th waits
    await until(
      () => started,
      (n) => n >= 4,
      { what: 'four jobs running' },
    );
    await first.dispatcher.drain();
    const closing = first.queue.close(); // running jobs finish, the waiting one ends unknown
    l.release();
    await closing;
    await first.dispatcher.flushAfterQueueClosed();
    for (const e of events.slice(0, 4)) expect(await dispatchedAt(e.id)).not.toBeNull();
    expect(await dispatchedAt(events[4].id)).toBeNull();
    const second = node();
    const ran: number[] = [];
    second.dispatcher.register({
      name: 'job',
      mode: 'job',
      handles: '*',
      async handle(e) {
        ran.push((e as DomainEvent).id);
      },
    });
    await second.dispatcher.recover({ force: true, createdBefore: now() + 1 });
    await second.dispatcher.idle();
    expect(ran).toEqual([events[4].id]);
    expect(await dispatchedAt(events[4].id)).not.toBeNull();
  });

  it('an inline processor that keeps failing is retried, then dead-lettered (not silently marked); an admin retry reruns it', async () => {
    const { dispatcher } = node({ attempts: 3 });
    let calls = 0;
    let healthy = false;
    dispatcher.register({
      name: 'flaky',
      mode: 'inline',
      handles: '*',
      handle() {
        calls++;
        if (!healthy) throw new Error('downstream down');
      },
    });
    const event = await recordOne(0);
    dispatcher.dispatch([event]);
    await dispatcher.idle();
    expect(calls).toBe(3);
    const dead = await dispatcher.deadJobs.list('acct-1');
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({
      processor: 'flaky',
      event_id: event.id,
      event_type: 'conversation.created',
      attempts: 3,
    });
    expect(dead[0].error).toContain('downstream down');
    expect(await dispatcher.deadJobs.list('acct-2')).toEqual([]); // other tenants see nothing
    expect(await dispatchedAt(event.id)).not.toBeNull(); // recorded, so the event itself is done
    expect(await dispatcher.retryDead('acct-2', dead[0].id)).toBeNull();
    expect(await dispatcher.retryDead('acct-1', dead[0].id)).toMatchObject({ status: 'failed' });
    expect((await dispatcher.deadJobs.list('acct-1'))[0].attempts).toBe(4);
    healthy = true;
    expect(await dispatcher.retryDead('acct-1', dead[0].id)).toEqual({ status: 'completed' });
    expect(await dispatcher.deadJobs.list('acct-1')).toEqual([]);
  });

  it('a job processor that keeps failing is dead-lettered once per (processor, event), even when the event runs again', async () => {
    const { dispatcher } = node({ attempts: 2 });
    let calls = 0;
    dispatcher.register({
      name: 'bad-job',
      mode: 'job',
      handles: '*',
      async handle() {
        calls++;
        throw new Error('nope');
      },
    });
    const event = await recordOne(0);
    dispatcher.dispatch([event]);
    await dispatcher.idle();
    await database.db
      .updateTable('events')
      .set({ dispatched_at: null, claimed_until: null })
      .where('id', '=', event.id)
      .execute();
    await dispatcher.recover({ force: true, createdBefore: now() + 1 });
    await dispatcher.idle();
    expect(calls).toBe(4);
    const dead = await dispatcher.deadJobs.list('acct-1');
    expect(dead).toHaveLength(1);
    expect(dead[0].attempts).toBe(4);
  });
});

describe('Dispatcher lanes', () => {
  it('a held lane (routing) never delays another lane (realtime broadcast) for later events', async () => {
    const { dispatcher } = node();
    const l = latch();
    const broadcast: number[] = [];
    const routed: number[] = [];
    const mk = (name: string, lane: string, fn: Processor['handle']): Processor => ({
      name,
      lane,
      mode: 'inline',
      handles: '*',
      handle: fn,
    });
    dispatcher.register(
      mk('broadcast', 'realtime', (e) => {
        broadcast.push(e.id);
      }),
    );
    dispatcher.register(
      mk('routing', 'routing', async (e) => {
        await l.gate;
        routed.push(e.id);
      }),
    );
    const a = await recordOne(0);
    const b = await recordOne(0);
    dispatcher.dispatch([a]);
    dispatcher.dispatch([b]);
    await until(
      () => broadcast.length,
      (n) => n >= 2,
      { what: 'both broadcasts' },
    );
    expect(broadcast).toEqual([a.id, b.id]); // both broadcast while routing is held
    expect(routed).toEqual([]);
    expect(await dispatchedAt(a.id)).toBeNull(); // not done until routing is
    l.release();
    await dispatcher.idle();
    expect(routed).toEqual([a.id, b.id]); // each lane keeps commit order
    expect(await dispatchedAt(b.id)).not.toBeNull();
  });
});

describe('Dispatcher partitioned lanes', () => {
  async function recordFor(conversationId: string): Promise<DomainEvent> {
    return database.db.transaction().execute(async (tx) => {
      const r = new EventRecorder(tx, 'acct-1', now);
      await r.record(
        'conversation.created',
        { conversation: { id: conversationId } } as never,
        conversationId,
      );
      return r.recorded[0];
    });
  }

  it('a held conversation never delays another one; each conversation keeps commit order through every processor', async () => {
    const { dispatcher } = node();
    const held = latch();
    const seen: string[] = [];
    // Two conversations on different sub-lanes of an 8-way lane.
    const a = 'conv-a';
    const b = ['conv-b', 'conv-c', 'conv-d', 'conv-e'].find((id) => hash(id) % 8 !== hash(a) % 8)!;
    const mk = (name: string): Processor => ({
      name,
      lane: 'routing',
      partitions: 8,
      mode: 'inline',
      handles: '*',
      async handle(e) {
        if (e.conversationId === a && name === 'first' && seen.length === 0) await held.gate;
        seen.push(`${name}:${e.conversationId}:${e.id}`);
      },
    });
    dispatcher.register(mk('first'));
    dispatcher.register(mk('second'));
    const a1 = await recordFor(a);
    const b1 = await recordFor(b);
    const a2 = await recordFor(a);
    dispatcher.dispatch([a1, b1, a2]);
    await until(
      () => seen.length,
      (n) => n >= 2,
      { what: 'the other conversation routed' },
    );
    expect(seen).toEqual([`first:${b}:${b1.id}`, `second:${b}:${b1.id}`]); // b ran while a was held
    held.release();
    await dispatcher.idle();
    expect(seen.filter((s) => s.includes(`:${a}:`))).toEqual([
      `first:${a}:${a1.id}`,
      `second:${a}:${a1.id}`,
      `first:${a}:${a2.id}`,
      `second:${a}:${a2.id}`,
    ]);
  });

  it.each([
    ['an unpartitioned lane', {}, undefined],
    ['a partitioned lane in scaled mode (parallel off)', { parallel: false }, 8],
  ] as const)('%s runs every conversation in one commit order', async (_, opts, partitions) => {
    const { dispatcher } = node(opts);
    const held = latch();
    const seen: string[] = [];
    dispatcher.register({
      name: 'one',
      lane: 'routing',
      partitions,
      mode: 'inline',
      handles: '*',
      async handle(e) {
        if (e.conversationId === 'conv-a') await held.gate;
        seen.push(e.conversationId ?? '');
      },
    });
    const a1 = await recordFor('conv-a');
    const b1 = await recordFor('conv-b');
    dispatcher.dispatch([a1, b1]);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([]); // b waits behind a
    held.release();
    await dispatcher.idle();
    expect(seen).toEqual(['conv-a', 'conv-b']);
  });
});
