/** The ticker's own drain (capacity freed without an event this node saw) still moves the visitors' positions at once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, waitFor, type SeededAccount, type TestApp } from '../../test/test-app.ts';
import { assigneeOf, customer, eventually, online, queuePosition } from './test/helpers.ts';
import { tick } from './ticker.ts';

let t: TestApp;
let acct: SeededAccount;

beforeAll(async () => {
  t = await testApp();
  acct = await t.seedAccount();
});
afterAll(async () => {
  await t.stop();
});

describe('routing ticker', () => {
  it('when its drain assigns someone, everyone behind gets the new position on a non-periodic pass', async () => {
    const owner = await t.login(acct.users.owner.email, 'password-123');
    const agent = await t.login(acct.users.agent.email, 'password-123');
    expect(
      (
        await t.api('PUT', `/api/v1/routing/agents/${acct.users.agent.id}`, {
          session: owner,
          body: { capacity: { '*': 1 } },
        })
      ).status,
    ).toBe(200);
    await online(t, agent);
    const served = await customer(t, acct.inboxToken, 'first');
    expect(await eventually(() => assigneeOf(t, agent, served.conversationId))).toBe(
      acct.users.agent.id,
    );
    const next = await customer(t, acct.inboxToken, 'second');
    const last = await customer(t, acct.inboxToken, 'third');
    expect(
      await eventually(
        () => queuePosition(t, last.token),
        (q) => q.position === 2,
      ),
    ).toMatchObject({ position: 2 });
    const sock = await t.visitorSocket(last.token);
    // No wait needed: the server joins the socket to its contact room synchronously in its connection
    // handler, which has run before this (same-process) client could see 'connect'.
    const moved = waitFor(sock, 'queue', (q: { position: number | null }) => q.position === 1);
    // capacity frees behind the processors' back (as when another node handled the event); whichever
    // drain runs first (this pass or the server's own ticker), the positions must follow at once
    await t.services.database.db
      .updateTable('conversations')
      .set({ status: 'resolved' })
      .where('id', '=', served.conversationId)
      .execute();
    await tick(t.services, t.gateway, false);
    expect(await moved).toMatchObject({ conversationId: last.conversationId, position: 1 });
    expect(await assigneeOf(t, agent, next.conversationId)).toBe(acct.users.agent.id);
  });
});
