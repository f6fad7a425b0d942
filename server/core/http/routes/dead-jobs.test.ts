import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let other: SeededAccount;
let owner: Session;
let agent: Session;
let otherOwner: Session;
const state = { healthy: false, calls: 0 };

beforeAll(async () => {
  app = await testApp();
  acct = await app.seedAccount();
  other = await app.seedAccount({ slug: 'other' });
  owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
  otherOwner = await app.login(other.users.owner.email, other.users.owner.password);
  // A downstream that is down: every attempt fails until it comes back.
  app.services.dispatcher.register({
    name: 'test-downstream',
    mode: 'job',
    handles: ['message.created'],
    async handle() {
      state.calls++;
      if (!state.healthy) throw new Error('downstream unavailable');
    },
  });
});
afterAll(async () => {
  await app.stop();
});

async function deadJobs(session: Session) {
  return app.api('GET', '/api/v1/dead-jobs', { session });
}

describe('dead-letter list (background work that kept failing)', () => {
  it('keeps the failed job with its error for admins of the account only, and retries it on request', async () => {
    const v = await app.visitor(acct.inboxToken);
    const sent = await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: 'hello', clientMessageId: 'dj-1' },
    });
    expect(sent.status).toBe(201);
    let list = await deadJobs(owner);
    for (let i = 0; i < 200 && !list.body.data?.length; i++) {
      await new Promise((r) => setTimeout(r, 50));
      list = await deadJobs(owner);
    }
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    const dead = list.body.data[0];
    expect(dead).toMatchObject({
      processor: 'test-downstream',
      eventType: 'message.created',
      attempts: 3,
    });
    expect(dead.error).toContain('downstream unavailable');
    expect(state.calls).toBe(3);

    expect((await deadJobs(agent)).status).toBe(403);
    expect((await deadJobs(otherOwner)).body.data).toEqual([]);
    expect(
      (await app.api('POST', `/api/v1/dead-jobs/${dead.id}/retry`, { session: otherOwner })).status,
    ).toBe(404);
    expect(
      (await app.api('DELETE', `/api/v1/dead-jobs/${dead.id}`, { session: otherOwner })).status,
    ).toBe(404);
    expect(
      (await app.api('POST', '/api/v1/dead-jobs/not-an-id/retry', { session: owner })).status,
    ).toBe(404);

    const failedAgain = await app.api('POST', `/api/v1/dead-jobs/${dead.id}/retry`, {
      session: owner,
    });
    expect(failedAgain.status).toBe(200);
    expect(failedAgain.body).toMatchObject({
      status: 'failed',
      attempts: 4,
      failedAt: expect.any(String),
    });
    expect((await deadJobs(owner)).body.data[0].attempts).toBe(4);

    state.healthy = true;
    const retried = await app.api('POST', `/api/v1/dead-jobs/${dead.id}/retry`, { session: owner });
    expect(retried.body).toEqual({ status: 'completed' });
    expect((await deadJobs(owner)).body.data).toEqual([]);
  });

  it('an admin can discard a dead job', async () => {
    state.healthy = false;
    const v = await app.visitor(acct.inboxToken);
    await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: 'again', clientMessageId: 'dj-2' },
    });
    let list = await deadJobs(owner);
    for (let i = 0; i < 200 && !list.body.data?.length; i++) {
      await new Promise((r) => setTimeout(r, 50));
      list = await deadJobs(owner);
    }
    const id = list.body.data[0].id;
    expect((await app.api('DELETE', `/api/v1/dead-jobs/${id}`, { session: owner })).status).toBe(
      204,
    );
    expect((await deadJobs(owner)).body.data).toEqual([]);
    expect((await app.api('DELETE', `/api/v1/dead-jobs/${id}`, { session: owner })).status).toBe(
      404,
    );
  });
});
