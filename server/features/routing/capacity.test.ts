/** Manual assignment and transfer never push an agent above capacity, unless a supervisor forces it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Session, type SeededAccount, type TestApp } from '../../test/test-app.ts';
import { assigneeOf, customer, eventually } from './test/helpers.ts';

let t: TestApp;
let acct: SeededAccount;
let owner: Session, sup: Session, a1: Session, a2: Session;
const assign = (s: Session, id: string, body: Record<string, unknown>) =>
  t.api('POST', `/api/v1/conversations/${id}/assignment`, { session: s, body });

beforeAll(async () => {
  t = await testApp();
  acct = await t.seedAccount();
  [owner, sup, a1, a2] = await Promise.all([
    t.login(acct.users.owner.email, 'password-123'),
    t.login(acct.users.supervisor.email, 'password-123'),
    t.login(acct.users.agent.email, 'password-123'),
    t.login(acct.users.agent2.email, 'password-123'),
  ]);
  // everybody stays offline: nothing is routed automatically, every assignment below is manual
  expect(
    (
      await t.api('PUT', `/api/v1/routing/agents/${acct.users.agent.id}`, {
        session: owner,
        body: { capacity: { '*': 1 } },
      })
    ).status,
  ).toBe(200);
});
afterAll(async () => {
  await t.stop();
});

describe('capacity on manual assignment', () => {
  const convs: Array<{ token: string; conversationId: string }> = [];

  it('the first assignment fits; the next one is refused with 409 agent_at_capacity', async () => {
    for (let i = 0; i < 4; i++) convs.push(await customer(t, acct.inboxToken, `need help ${i}`));
    expect(
      (await assign(sup, convs[0].conversationId, { assigneeId: acct.users.agent.id })).status,
    ).toBe(200);
    const full = await assign(sup, convs[1].conversationId, { assigneeId: acct.users.agent.id });
    expect(full.status).toBe(409);
    expect(full.body.error).toMatchObject({
      code: 'agent_at_capacity',
      details: { agentId: acct.users.agent.id, channel: 'web_widget', load: 1, capacity: 1 },
    });
    expect(await assigneeOf(t, sup, convs[1].conversationId)).toBeNull();
    // but the agent taking it herself ("assign to me") may go over her capacity
    const mine = await assign(a1, convs[1].conversationId, { assigneeId: acct.users.agent.id });
    expect(mine.status).toBe(200);
    expect(mine.body.assigneeId).toBe(acct.users.agent.id);
    // (back to the supervisor's refusal case for the tests below)
    expect((await assign(sup, convs[1].conversationId, { assigneeId: null })).status).toBe(200);
  });

  it('a transfer to a full agent is refused; a team-only change or a re-assignment to the same agent is not checked', async () => {
    expect(
      (await assign(a2, convs[2].conversationId, { assigneeId: acct.users.agent2.id })).status,
    ).toBe(200);
    const transfer = await assign(a2, convs[2].conversationId, {
      assigneeId: acct.users.agent.id,
      note: 'billing question',
    });
    expect(transfer.status).toBe(409);
    expect(transfer.body.error.code).toBe('agent_at_capacity');
    expect(await assigneeOf(t, sup, convs[2].conversationId)).toBe(acct.users.agent2.id);
    expect(
      (
        await assign(sup, convs[0].conversationId, {
          assigneeId: acct.users.agent.id,
          note: 'same agent, a note',
        })
      ).status,
    ).toBe(200);
  });

  it('a full agent replying to an unassigned conversation sends the reply without taking it; with room the reply assigns', async () => {
    const reply = await t.api('POST', `/api/v1/conversations/${convs[1].conversationId}/messages`, {
      session: a1,
      body: { content: 'one moment please' },
    });
    expect(reply.status).toBe(201);
    expect(await assigneeOf(t, sup, convs[1].conversationId)).toBeNull(); // agent 1 is at capacity: the reply is sent, nobody is assigned
    const visitor = await t.api('GET', '/widget/v1/messages', { token: convs[1].token });
    expect(
      (visitor.body.data as Array<{ content: string }>).some(
        (m) => m.content === 'one moment please',
      ),
    ).toBe(true);
    const fresh = await customer(t, acct.inboxToken, 'one more question');
    expect(
      (
        await t.api('POST', `/api/v1/conversations/${fresh.conversationId}/messages`, {
          session: a2,
          body: { content: 'hello!' },
        })
      ).status,
    ).toBe(201);
    expect(await assigneeOf(t, sup, fresh.conversationId)).toBe(acct.users.agent2.id);
  });

  it('agents cannot force; supervisors and admins can, and the load then exceeds the capacity on purpose', async () => {
    const denied = await assign(a2, convs[1].conversationId, {
      assigneeId: acct.users.agent.id,
      force: true,
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('force_not_allowed');
    const forced = await assign(sup, convs[1].conversationId, {
      assigneeId: acct.users.agent.id,
      force: true,
    });
    expect(forced.status).toBe(200);
    expect(forced.body.assigneeId).toBe(acct.users.agent.id);
    const agents = (await t.api('GET', '/api/v1/routing/agents', { session: sup })).body
      .data as Array<{ id: string; load: Record<string, number> }>;
    expect(agents.find((a) => a.id === acct.users.agent.id)!.load.web_widget).toBe(2);
  });

  it("the queue's manual assign and the alert take-over follow the same rule", async () => {
    const queued = convs[3];
    await eventually(
      async () => (await t.api('GET', '/api/v1/routing/queue', { session: sup })).body.data,
      (d: Array<{ conversationId: string }>) =>
        d.some((x) => x.conversationId === queued.conversationId),
    );
    const r = await t.api('POST', `/api/v1/routing/queue/${queued.conversationId}/assign`, {
      session: sup,
      body: { assigneeId: acct.users.agent.id },
    });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('agent_at_capacity');
    const ok = await t.api('POST', `/api/v1/routing/queue/${queued.conversationId}/assign`, {
      session: sup,
      body: { assigneeId: acct.users.agent.id, force: true },
    });
    expect(ok.body).toEqual({
      conversationId: queued.conversationId,
      assigneeId: acct.users.agent.id,
    });
  });

  it('capacity frees when a conversation is resolved; closed conversations do not count', async () => {
    for (const c of convs.slice(0, 2).concat(convs[3])) {
      expect(
        (
          await t.api('PATCH', `/api/v1/conversations/${c.conversationId}`, {
            session: sup,
            body: { status: 'resolve' },
          })
        ).status,
      ).toBe(200);
    }
    // resolved conversations may be (re)assigned freely: they do not count towards the load
    expect(
      (await assign(sup, convs[0].conversationId, { assigneeId: acct.users.agent.id })).status,
    ).toBe(200);
    expect(
      (await assign(a2, convs[2].conversationId, { assigneeId: acct.users.agent.id })).status,
    ).toBe(200);
    const fresh = await customer(t, acct.inboxToken, 'one more');
    expect(
      (await assign(sup, fresh.conversationId, { assigneeId: acct.users.agent.id })).body.error
        .code,
    ).toBe('agent_at_capacity');
  });

  it('an automation rule cannot exceed capacity either: the firing is audited as an error', async () => {
    const rule = await t.api('POST', '/api/v1/automation/rules', {
      session: owner,
      body: {
        name: 'to agent',
        event: 'message_received',
        conditions: { all: [{ field: 'message.content', op: 'contains', value: 'route-me' }] },
        actions: [
          { type: 'add_label', label: 'routed' },
          { type: 'assign_agent', agentId: acct.users.agent.id },
        ],
      },
    });
    expect(rule.status).toBe(201);
    const c = await customer(t, acct.inboxToken, 'please route-me');
    const audit = await eventually(
      async () =>
        (await t.api('GET', `/api/v1/automation/audit?ruleId=${rule.body.id}`, { session: sup }))
          .body.data,
      (d: unknown[]) => d.length > 0,
    );
    expect(audit[0]).toMatchObject({ outcome: 'error', detail: { error: 'agent_at_capacity' } });
    const conv = (await t.api('GET', `/api/v1/conversations/${c.conversationId}`, { session: sup }))
      .body;
    expect(conv).toMatchObject({ assigneeId: null, labels: [] }); // the whole firing rolled back
  });
});
