import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { tempSqlite, type TempSqlite } from '../test/temp-sqlite.ts';
import { MemoryQueue } from '../infra/memory-queue.ts';
import type { DomainEvent } from './catalog.ts';
import { Dispatcher } from './dispatcher.ts';
import { EventRecorder } from './recorder.ts';

let temp: TempSqlite;
let database: Database;
beforeEach(async () => { temp = await tempSqlite(); database = temp.database; });
afterEach(() => temp.remove());

async function recordOne(): Promise<DomainEvent> {
  return database.db.transaction().execute(async (tx) => {
    const r = new EventRecorder(tx, 'acct-1', () => Date.now() - 60_000); // a minute old: past any sweep cutoff
    await r.record('conversation.created', { conversation: { id: 'c1' } } as never, 'c1');
    return r.recorded[0];
  });
}

function setup() {
  const dispatcher = new Dispatcher(database.db, new MemoryQueue(), pino({ level: 'silent' }));
  const runs: number[] = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => { release = r; });
  dispatcher.register({ name: 'slow', mode: 'inline', handles: '*', async handle(e) { runs.push(e.id); await gate; } });
  return { dispatcher, runs, release };
}

describe('Dispatcher sweeper', () => {
  it('does not run again an event this process is still processing, however old', async () => {
    const { dispatcher, runs, release } = setup();
    const event = await recordOne();
    dispatcher.dispatch([event]);
    expect(await dispatcher.sweep(0)).toBe(0); // claimed but ours: not re-run
    expect(runs).toEqual([event.id]);
    release();
    await dispatcher.drain();
    expect(runs).toEqual([event.id]);
    const row = await database.db.selectFrom('events').select('dispatched_at').where('id', '=', event.id).executeTakeFirstOrThrow();
    expect(row.dispatched_at).not.toBeNull();
  });

  it('re-dispatches an event that was committed but never handed to a dispatcher (crash between commit and dispatch)', async () => {
    const { dispatcher, runs, release } = setup();
    const event = await recordOne();
    release();
    expect(await dispatcher.sweep(0)).toBe(1);
    expect(runs).toEqual([event.id]);
    expect(await dispatcher.sweep(0)).toBe(0); // claimed once
    await dispatcher.drain();
  });
});
