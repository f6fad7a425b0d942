/**
 * PostgreSQL under lock and pool pressure (issue 11 item 2). Deterministic: the lock holders, the
 * waiters and the pool exhaustion are arranged by hand, not produced by load.
 *  1. The deadlock that stopped both nodes: a transaction holding the account's routing lock read the
 *     routing settings through the per-account cache, which handed it a load already in flight on the
 *     pool; that load needed a connection, but every connection was held by transactions waiting for
 *     the lock. Now a transaction never waits on such a load.
 *  2. Whatever still waits has an end: a lock timeout is retried and then answers 503 database_busy,
 *     an exhausted pool answers 503 database_busy after the acquire timeout, /readyz answers 503 at
 *     once, and everything works again when the pressure goes.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { lockAccount } from './commands/queue.ts';
import { routingConfigChanged } from './store/config-cache.ts';
import { settingsFor } from './store/settings.ts';
import { PG_URL, testApp, type TestApp } from '../../test/test-app.ts';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
});

function latch() {
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  return { gate, release };
}

/** Sessions of the app's database that wait for a lock, seen from outside its pool. */
async function lockWaiters(): Promise<number> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    const r = await c.query(
      `select count(*)::int n from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%routing_locks%'`,
    );
    return r.rows[0].n;
  } finally {
    await c.end();
  }
}

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

describe.skipIf(!PG_URL)('PostgreSQL: no deadlock can outlive its timeout', () => {
  it('a transaction holding the routing lock reads settings while every pool connection waits for that lock', async () => {
    // Long lock and acquire timeouts: only the fix can end this (the old code waited forever).
    const app = await testApp({
      PG_POOL_SIZE: '3',
      PG_LOCK_TIMEOUT_MS: '120000',
      PG_POOL_ACQUIRE_TIMEOUT_MS: '120000',
    });
    apps.push(app);
    const acct = await app.seedAccount();
    await app.services.dispatcher.idle();
    const db = app.services.database.db;
    routingConfigChanged(acct.accountId); // a cold cache: the next read loads
    const locked = latch();
    const proceed = latch();
    const holder = db.transaction().execute(async (tx) => {
      await lockAccount(tx, acct.accountId);
      locked.release();
      await proceed.gate;
      return settingsFor(tx, acct.accountId); // must not wait for the pool
    });
    await locked.gate;
    const waiters = [1, 2].map(() =>
      db.transaction().execute((tx) => lockAccount(tx, acct.accountId)),
    );
    await until(async () => (await lockWaiters()) >= 2); // the other two connections wait for the lock
    const outside = settingsFor(db, acct.accountId); // a load in flight, queued for a pool connection
    proceed.release();
    const settings = await holder;
    expect(settings).toBeTruthy();
    await Promise.all(waiters);
    expect(await outside).toEqual(settings);
    const ready = await app.api('GET', '/readyz');
    expect(ready.status).toBe(200);
  }, 60_000);

  it('a held lock or an exhausted pool answers 503 database_busy (never a hang), and recovers', async () => {
    const app = await testApp({
      PG_POOL_SIZE: '2',
      PG_LOCK_TIMEOUT_MS: '200',
      PG_POOL_ACQUIRE_TIMEOUT_MS: '300',
      READY_CHECK_TIMEOUT_MS: '500',
    });
    apps.push(app);
    const acct = await app.seedAccount();
    const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
    const v = await app.visitor(acct.inboxToken);
    const sent = await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: 'help', clientMessageId: 'busy-1' },
    });
    const conversationId = sent.body.conversation.id;
    await app.services.dispatcher.idle();
    const db = app.services.database.db;

    // 1. Another transaction holds the account's routing lock: an assignment (which takes it) times out,
    //    is retried, then answers 503 database_busy with Retry-After.
    const release = latch();
    const locked = latch();
    const holder = db.transaction().execute(async (tx) => {
      await lockAccount(tx, acct.accountId);
      locked.release();
      await release.gate;
    });
    await locked.gate;
    const assign = () =>
      app.api('POST', `/api/v1/conversations/${conversationId}/assignment`, {
        session: owner,
        body: { assigneeId: acct.users.agent.id },
      });
    const busy = await assign();
    expect(busy.status).toBe(503);
    expect(busy.body.error.code).toBe('database_busy');
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThan(0);

    // 2. Both pool connections taken: reads answer 503 database_busy, /readyz 503 with a named check, /healthz 200.
    const idle = latch();
    const holding = latch();
    const second = db.transaction().execute(async (tx) => {
      await tx.selectFrom('accounts').select('id').limit(1).execute();
      holding.release();
      await idle.gate;
    });
    await holding.gate; // the second connection is taken
    const list = await app.api('GET', '/api/v1/conversations', { session: owner });
    expect(list.status).toBe(503);
    expect(list.body.error.code).toBe('database_busy');
    const ready = await app.api('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.database).toMatch(/timeout|unreachable/);
    expect((await app.api('GET', '/healthz')).status).toBe(200);

    // 3. Pressure gone: the same requests succeed.
    release.release();
    idle.release();
    await Promise.all([holder, second]);
    expect((await app.api('GET', '/readyz')).status).toBe(200);
    expect((await app.api('GET', '/api/v1/conversations', { session: owner })).status).toBe(200);
    const assigned = await assign();
    expect(assigned.status).toBe(200);
  }, 60_000);
});
