/** The live queue through the real server: capacity, positions, automatic assignment, supervisor actions, errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam } from '../../core/commands/accounts.ts';
import { execute } from '../../core/commands/context.ts';
import { systemActor } from '../../core/policies/actor.ts';
import {
  testApp,
  waitFor,
  type Session,
  type SeededAccount,
  type TestApp,
} from '../../test/test-app.ts';
import { assigneeOf, customer, eventually, online, queuePosition } from './test/helpers.ts';

let t: TestApp;
let acct: SeededAccount;
let owner: Session, sup: Session, a1: Session, a2: Session;

beforeAll(async () => {
  t = await testApp();
  acct = await t.seedAccount();
  [owner, sup, a1, a2] = await Promise.all([
    t.login(acct.users.owner.email, 'password-123'),
    t.login(acct.users.supervisor.email, 'password-123'),
    t.login(acct.users.agent.email, 'password-123'),
    t.login(acct.users.agent2.email, 'password-123'),
  ]);
  const r = await t.api('PUT', '/api/v1/routing/settings', {
    session: owner,
    body: { defaultCapacity: { '*': 2 } },
  });
  expect(r.status).toBe(200);
});
afterAll(async () => {
  await t.stop();
});

describe('live queue', () => {
  const first: Array<{ token: string; conversationId: string }> = [];
  const waiting: Array<{ token: string; conversationId: string }> = [];

  it('routes to online agents only, up to their capacity', async () => {
    await online(t, a1);
    await online(t, a2);
    for (let i = 0; i < 4; i++) first.push(await customer(t, acct.inboxToken, `question ${i}`));
    const assignees = await Promise.all(
      first.map((c) => eventually(() => assigneeOf(t, a1, c.conversationId))),
    );
    expect(assignees.filter((x) => x === acct.users.agent.id)).toHaveLength(2);
    expect(assignees.filter((x) => x === acct.users.agent2.id)).toHaveLength(2);
  });

  it('when everyone is at capacity, customers wait with positions 1..3 and an estimate', async () => {
    for (let i = 0; i < 3; i++) waiting.push(await customer(t, acct.inboxToken, `waiting ${i}`));
    const positions = await Promise.all(
      waiting.map((w) =>
        eventually(
          () => queuePosition(t, w.token),
          (q) => q.position != null,
        ),
      ),
    );
    expect(positions.map((p) => p.position)).toEqual([1, 2, 3]);
    // 4 slots, 180 s default handle time: number 3 waits about 3 × 180 / 4 = 135 s
    expect(positions[2].estimatedWaitSeconds).toBe(135);
    expect(positions.every((p) => p.overflow === null)).toBe(true);
    const list = await t.api('GET', '/api/v1/routing/queue', { session: a1 });
    expect(list.body.data.map((d: { conversationId: string }) => d.conversationId)).toEqual(
      waiting.map((w) => w.conversationId),
    );
    const loads = await t.api('GET', '/api/v1/routing/agents', { session: a1 });
    for (const a of loads.body.data) expect(a.load.web_widget ?? 0).toBeLessThanOrEqual(2);
  });

  it('each queue row says who is waiting: number, name, channel, latest message, time waited', async () => {
    const conv = (
      await t.api('GET', `/api/v1/conversations/${waiting[1].conversationId}`, { session: sup })
    ).body;
    const row = (await t.api('GET', '/api/v1/routing/queue', { session: sup })).body.data.find(
      (d: { conversationId: string }) => d.conversationId === waiting[1].conversationId,
    );
    expect(row).toMatchObject({
      displayId: conv.displayId,
      contactName: null, // an anonymous visitor: the console shows "Visitor #<displayId>"
      channel: 'web_widget',
      lastMessage: 'waiting 1',
    });
    expect(row.waitedSeconds).toBeGreaterThanOrEqual(0);
  });

  it("one conversation's place for the agent's sidebar: position, queue length, time waited (the queue's numbers)", async () => {
    const mine = await t.api('GET', `/api/v1/conversations/${waiting[1].conversationId}/queue`, {
      session: a1,
    });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      queued: true,
      position: 2,
      queueLength: 3,
      estimatedWaitSeconds: 90,
    });
    expect(Number.isInteger(mine.body.waitedSeconds)).toBe(true);
    expect(mine.body.waitedSeconds).toBeGreaterThanOrEqual(0);
    // assigned: not queued
    const served = await t.api('GET', `/api/v1/conversations/${first[0].conversationId}/queue`, {
      session: a1,
    });
    expect(served.body).toEqual({
      queued: false,
      position: null,
      queueLength: 3,
      waitedSeconds: null,
      estimatedWaitSeconds: null,
    });
    const other = await t.seedAccount();
    const stranger = await t.login(other.users.agent.email, 'password-123');
    for (const path of [
      `/api/v1/conversations/${waiting[1].conversationId}/queue`,
      '/api/v1/conversations/not-an-id/queue',
    ])
      expect((await t.api('GET', path, { session: stranger })).status).toBe(404);
  });

  it('a freed slot goes to the first in line and everyone behind moves up (live over the socket)', async () => {
    const sock = await t.visitorSocket(waiting[2].token);
    const moved = waitFor(sock, 'queue', (q: { position: number | null }) => q.position === 2);
    const resolvedBy = await assigneeOf(t, a1, first[0].conversationId);
    const session = resolvedBy === acct.users.agent.id ? a1 : a2;
    expect(
      (
        await t.api('PATCH', `/api/v1/conversations/${first[0].conversationId}`, {
          session,
          body: { status: 'resolve' },
        })
      ).status,
    ).toBe(200);
    expect(await eventually(() => assigneeOf(t, a1, waiting[0].conversationId))).toBe(resolvedBy);
    const q = await moved;
    expect(q).toMatchObject({ conversationId: waiting[2].conversationId, position: 2 });
    expect((await queuePosition(t, waiting[0].token)).position).toBeNull();
  });

  it('a supervisor moves a conversation to the front; agents may not', async () => {
    expect(
      (
        await t.api('POST', `/api/v1/routing/queue/${waiting[2].conversationId}/pin`, {
          session: a1,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.api('POST', `/api/v1/routing/queue/${waiting[2].conversationId}/pin`, {
          session: sup,
        })
      ).status,
    ).toBe(200);
    expect(
      await eventually(
        () => queuePosition(t, waiting[2].token),
        (q) => q.position === 1,
      ),
    ).toMatchObject({ position: 1 });
    expect((await queuePosition(t, waiting[1].token)).position).toBe(2);
  });

  it('an agent coming online takes from the queue', async () => {
    await online(t, sup);
    expect(await eventually(() => assigneeOf(t, a1, waiting[2].conversationId))).toBe(
      acct.users.supervisor.id,
    );
    expect(await eventually(() => assigneeOf(t, a1, waiting[1].conversationId))).toBe(
      acct.users.supervisor.id,
    );
  });

  it('overflow: queue longer than N offers to leave a message; nobody online gives no estimate', async () => {
    const extra: Array<{ token: string; conversationId: string }> = [];
    for (let i = 0; i < 3; i++) extra.push(await customer(t, acct.inboxToken, `extra ${i}`));
    await eventually(
      () => queuePosition(t, extra[2].token),
      (q) => q.position != null,
    );
    expect(
      (
        await t.api('PUT', '/api/v1/routing/settings', {
          session: owner,
          body: { defaultCapacity: { '*': 2 }, queue: { overflow: { maxQueue: 2 } } },
        })
      ).status,
    ).toBe(200);
    const positions = await Promise.all(extra.map((e) => queuePosition(t, e.token)));
    expect(positions.map((p) => p.overflow)).toEqual(
      positions.map((p) => (p.position > 2 ? 'leave_message' : null)),
    );
    // overflow to a team: beyond maxQueue, new arrivals are handed to the overflow team
    const team = await execute(t.services, systemActor(acct.accountId), createTeam, {
      name: 'Overflow',
      memberIds: [acct.users.owner.id],
    });
    await t.api('PUT', '/api/v1/routing/settings', {
      session: owner,
      body: { defaultCapacity: { '*': 2 }, queue: { overflow: { maxQueue: 2, teamId: team.id } } },
    });
    const late = await customer(t, acct.inboxToken, 'overflow me');
    expect(
      await eventually(
        async () =>
          (await t.api('GET', `/api/v1/conversations/${late.conversationId}`, { session: sup }))
            .body.teamId,
      ),
    ).toBe(team.id);
    for (const s of [a1, a2, sup]) await online(t, s, 'offline');
    const none = await queuePosition(t, extra[0].token);
    expect(none).toMatchObject({ estimatedWaitSeconds: null, overflow: 'leave_message' });
  });

  it("rejects bad input and other accounts' ids", async () => {
    const other = await t.seedAccount();
    const stranger = await t.login(other.users.owner.email, 'password-123');
    expect(
      (
        await t.api('POST', `/api/v1/routing/queue/${waiting[1].conversationId}/pin`, {
          session: stranger,
        })
      ).status,
    ).toBe(404);
    expect(
      (await t.api('POST', '/api/v1/routing/queue/not-an-id/pin', { session: sup })).status,
    ).toBe(404);
    expect(
      (
        await t.api('PUT', `/api/v1/routing/agents/${acct.users.agent.id}`, {
          session: stranger,
          body: { capacity: { '*': 5 } },
        })
      ).status,
    ).toBe(404);
    const bad = await t.api('PUT', '/api/v1/routing/settings', {
      session: owner,
      body: { defaultCapacity: { '*': -1 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    const tz = await t.api('PUT', '/api/v1/routing/settings', {
      session: owner,
      body: { businessHours: { timezone: 'Mars/Base', weekly: {} } },
    });
    expect(tz.status).toBe(400);
    expect((await t.api('PUT', '/api/v1/routing/settings', { session: a1, body: {} })).status).toBe(
      403,
    );
    expect((await t.api('GET', '/widget/v1/queue')).status).toBe(401);
  });
});
