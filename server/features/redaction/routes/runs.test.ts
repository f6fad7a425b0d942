/**
 * Retroactive redaction: history written while redaction was off is counted by a dry run (nothing
 * changes), rewritten by an applied run (message.updated recorded with the masked text only), and a
 * second run changes nothing. Batches are bounded and resumable; admins only; per account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../../core/commands/context.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import type { SeededAccount, Session, TestApp } from '../../../test/test-app.ts';
import { testApp } from '../../../test/test-app.ts';
import { until } from '../../../test/wait.ts';
import { runBatch, startRun } from '../commands/runs.ts';
import { customerWrites, eventPayloads, storedContent } from '../test/helpers.ts';

let t: TestApp;
let a: SeededAccount;
let b: SeededAccount;
let ownerA: Session;
let agentA: Session;
let ownerB: Session;
const written: string[] = [];

const HISTORY = [
  'card 4111 1111 1111 1111 please',
  '身份证 11010519491231002X，卡 6222021234567894',
  'nothing here, order 20231234567',
  'my key is sk-abcdefghijklmnopqrstuvwx1234',
  '快递单号 SF1234567890123',
];

beforeAll(async () => {
  t = await testApp();
  a = await t.seedAccount();
  b = await t.seedAccount();
  ownerA = await t.login(a.users.owner.email, a.users.owner.password);
  agentA = await t.login(a.users.agent.email, a.users.agent.password);
  ownerB = await t.login(b.users.owner.email, b.users.owner.password);
  const off = { card: 'off', id_number: 'off', secret: 'off' };
  await t.api('PUT', '/api/v1/redaction/settings', { session: ownerA, body: { types: off } });
  await t.api('PUT', '/api/v1/redaction/settings', { session: ownerB, body: { types: off } });
  for (const text of HISTORY) written.push((await customerWrites(t, a, text)).messageId);
  await customerWrites(t, b, 'card 4111 1111 1111 1111 in the other account');
  await t.api('PUT', '/api/v1/redaction/settings', {
    session: ownerA,
    body: { types: { card: 'mask', id_number: 'mask', secret: 'mask' } },
  });
  await t.api('PUT', '/api/v1/redaction/settings', {
    session: ownerB,
    body: { types: { card: 'mask' } },
  });
}, 120_000);
afterAll(async () => {
  await t.stop();
});

const start = (session: Session, body?: unknown) =>
  t.api('POST', '/api/v1/redaction/runs', { session, body: body ?? {} });
const finished = (id: string, session = ownerA) =>
  until(
    async () => (await t.api('GET', `/api/v1/redaction/runs/${id}`, { session })).body,
    (r) => r.status !== 'running',
    { what: 'the run to finish' },
  );

describe('retroactive redaction runs', () => {
  it('dry run counts per type and changes nothing; apply rewrites; a second run changes nothing', async () => {
    const dry = await start(ownerA);
    expect(dry.status).toBe(202);
    expect(dry.body).toMatchObject({ apply: false, status: 'running' });
    const dryDone = await finished(dry.body.id);
    expect(dryDone).toMatchObject({
      status: 'done',
      changed: 3,
      counts: { card: 2, id_number: 1, secret: 1 },
    });
    expect(dryDone.scanned).toBeGreaterThanOrEqual(HISTORY.length);
    expect(await storedContent(t, written[0])).toBe(HISTORY[0]);

    const applied = await start(ownerA, { apply: true });
    const done = await finished(applied.body.id);
    expect(done).toMatchObject({
      status: 'done',
      changed: 3,
      counts: { card: 2, id_number: 1, secret: 1 },
    });
    expect(await storedContent(t, written[0])).toBe('card [REDACTED:CARD 411111******1111] please');
    expect(await storedContent(t, written[1])).toBe(
      '身份证 [已隐藏:身份证号]，卡 [已隐藏:银行卡 622202******7894]',
    );
    expect(await storedContent(t, written[2])).toBe(HISTORY[2]);
    expect(await storedContent(t, written[3])).toBe('my key is [REDACTED:SECRET]');
    expect(await storedContent(t, written[4])).toBe(HISTORY[4]);
    const updates = (await eventPayloads(t, a.accountId)).filter((e) =>
      e.startsWith('message.updated'),
    );
    expect(updates).toHaveLength(3);
    expect(updates.some((e) => e.includes('[REDACTED:CARD 411111******1111]'))).toBe(true);
    for (const e of updates) expect(e).not.toContain('4111 1111 1111 1111');

    const again = await finished((await start(ownerA, { apply: true })).body.id);
    expect(again).toMatchObject({ status: 'done', changed: 0, counts: {} });
    // the other account's history is not touched
    const other = await t.services.database.db
      .selectFrom('messages')
      .select('content')
      .where('account_id', '=', b.accountId)
      .where('message_type', '=', 'incoming')
      .execute();
    expect(other.map((m) => m.content)).toEqual(['card 4111 1111 1111 1111 in the other account']);
  });

  it('bounded batches, resumable from the saved cursor; one run at a time', async () => {
    const actor = systemActor(a.accountId, 'test');
    const run = await execute(t.services, actor, startRun, { apply: false });
    const busy = await start(ownerA);
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('redaction_run_active');
    const batch = { runId: run.id, secret: t.services.secret, batch: 2 };
    expect(await execute(t.services, actor, runBatch, batch)).toBe(false);
    const row = () =>
      t.services.database.db
        .selectFrom('redaction_runs')
        .selectAll()
        .where('id', '=', run.id)
        .executeTakeFirstOrThrow();
    const first = await row();
    expect(Number(first.scanned)).toBe(2); // never more rows than a batch per transaction
    expect(first.cursor).not.toBeNull();
    // "restart": a new batch goes on from the cursor, to the end
    while (!(await execute(t.services, actor, runBatch, batch)));
    const last = await row();
    const total = await t.services.database.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', a.accountId)
      .executeTakeFirstOrThrow();
    expect(last.status).toBe('done');
    expect(Number(last.scanned)).toBe(Number(total.n));
    expect(Number(last.changed)).toBe(0); // already applied above
  });

  it('admins only; another account’s run is not found; bad input has a clear code', async () => {
    const refused = await start(agentA);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const bad = await start(ownerA, { apply: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    const list = await t.api('GET', '/api/v1/redaction/runs', { session: ownerA });
    expect(list.body.data.length).toBeGreaterThanOrEqual(3);
    const theirs = await t.api('GET', `/api/v1/redaction/runs/${list.body.data[0].id}`, {
      session: ownerB,
    });
    expect(theirs.status).toBe(404);
    expect((await t.api('GET', '/api/v1/redaction/runs', { session: ownerB })).body.data).toEqual(
      [],
    );
  });
});
