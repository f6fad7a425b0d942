/** Automation rules through the real server: matching, ordering, loop protection, dry run, validation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam } from '../../core/commands/accounts.ts';
import { execute } from '../../core/commands/context.ts';
import { systemActor } from '../../core/policies/actor.ts';
import type { Session, SeededAccount, TestApp } from '../../test/test-app.ts';
import {
  analyzed as analyzedIn,
  auditOfRule,
  automationApp,
  conversationOf,
} from './test/automation.ts';
import { customer, eventually } from './test/helpers.ts';

let t: TestApp;
let acct: SeededAccount;
let owner: Session, sup: Session, a1: Session;
let billingId: string;

beforeAll(async () => {
  ({ t, acct, owner, sup, a1 } = await automationApp());
  billingId = (
    await execute(t.services, systemActor(acct.accountId), createTeam, {
      name: 'Billing',
      memberIds: [acct.users.agent.id],
    })
  ).id;
});
afterAll(async () => {
  await t.stop();
});

const analyzed = (conversationId: string, intent: string) =>
  analyzedIn(acct.inboxId, conversationId, intent);
const conv = (id: string) => conversationOf(t, a1, id);
const auditOf = (ruleId: string) => auditOfRule(t, sup, ruleId);

describe('automation rules', () => {
  it('refund intent → label "refund" + team Billing, with an audit entry', async () => {
    const rule = await t.api('POST', '/api/v1/automation/rules', {
      session: owner,
      body: {
        name: 'Refunds to Billing',
        event: 'message_analyzed',
        conditions: { all: [{ field: 'analysis.intent', op: 'eq', value: 'refund' }] },
        actions: [
          { type: 'add_label', label: 'refund' },
          { type: 'assign_team', teamId: billingId },
        ],
      },
    });
    expect(rule.status).toBe(201);
    const c = await customer(t, acct.inboxToken, '我要退款');
    const other = await customer(t, acct.inboxToken, '物流到哪了');
    await execute(
      t.services,
      systemActor(acct.accountId, 'ai'),
      async (ctx) => {
        await ctx.events.record(
          'message.analyzed',
          analyzed(c.conversationId, 'refund'),
          c.conversationId,
        );
        await ctx.events.record(
          'message.analyzed',
          analyzed(other.conversationId, 'where_is_order'),
          other.conversationId,
        );
      },
      null,
    );
    const after = await eventually(
      () => conv(c.conversationId),
      (x) => x.teamId === billingId,
    );
    expect(after.labels).toEqual(['refund']);
    expect((await conv(other.conversationId)).labels).toEqual([]);
    // the AI feature may analyze the same messages too: the rule fires only for refund intents
    const audit = (await auditOf(rule.body.id)) as Array<{
      outcome: string;
      detail: any;
      conversationId: string;
    }>;
    expect(audit.filter((a) => a.conversationId === other.conversationId)).toHaveLength(0);
    expect(audit.find((a) => a.conversationId === c.conversationId)).toMatchObject({
      outcome: 'fired',
      detail: { actions: ['add_label', 'assign_team'] },
    });
  });

  it('ordering and stop-processing: the first matching rule stops the rest', async () => {
    const a = await t.api('POST', '/api/v1/automation/rules', {
      session: owner,
      body: {
        name: 'urgent',
        event: 'message_received',
        position: 1,
        stopProcessing: true,
        conditions: {
          any: [{ field: 'message.content', op: 'matches', value: '(?:紧急|urgent)' }],
        },
        actions: [{ type: 'set_priority', priority: 'urgent' }],
      },
    });
    const b = await t.api('POST', '/api/v1/automation/rules', {
      session: owner,
      body: {
        name: 'all high',
        event: 'message_received',
        position: 2,
        conditions: { all: [] },
        actions: [{ type: 'add_label', label: 'seen-by-b' }],
      },
    });
    const c1 = await customer(t, acct.inboxToken, 'URGENT: card charged twice');
    const c2 = await customer(t, acct.inboxToken, 'hello');
    expect(
      (
        await eventually(
          () => conv(c1.conversationId),
          (x) => x.priority === 'urgent',
        )
      ).labels,
    ).not.toContain('seen-by-b');
    expect(
      await eventually(
        () => conv(c2.conversationId),
        (x) => x.labels.includes('seen-by-b'),
      ),
    ).toMatchObject({ priority: 'none' });
    for (const r of [a, b])
      await t.api('PATCH', `/api/v1/automation/rules/${r.body.id}`, {
        session: owner,
        body: { enabled: false },
      });
  });

  it('loop protection: two rules that undo each other stop after the limit and are audited', async () => {
    const add = await t.api('POST', '/api/v1/automation/rules', {
      session: owner,
      body: {
        name: 'add x',
        event: 'conversation_updated',
        conditions: {
          all: [
            { field: 'conversation.labels', op: 'not_contains', value: 'x' },
            { field: 'conversation.labels', op: 'contains', value: 'loop' },
          ],
        },
        actions: [{ type: 'add_label', label: 'x' }],
      },
    });
    const remove = await t.api('POST', '/api/v1/automation/rules', {
      session: owner,
      body: {
        name: 'remove x',
        event: 'conversation_updated',
        conditions: { all: [{ field: 'conversation.labels', op: 'contains', value: 'x' }] },
        actions: [{ type: 'remove_label', label: 'x' }],
      },
    });
    const c = await customer(t, acct.inboxToken, 'loop me');
    await t.api('PUT', `/api/v1/conversations/${c.conversationId}/labels`, {
      session: a1,
      body: { labels: ['loop'] },
    });
    const both = async () => [...(await auditOf(add.body.id)), ...(await auditOf(remove.body.id))];
    const blocked = await eventually(
      both,
      (a) => a.some((x) => x.outcome === 'loop_blocked'),
      10_000,
    );
    expect(blocked.filter((x) => x.outcome === 'fired').length).toBeLessThanOrEqual(10);
    await new Promise((r) => setTimeout(r, 300));
    const settled = (await auditOf(add.body.id)).length + (await auditOf(remove.body.id)).length;
    await new Promise((r) => setTimeout(r, 300));
    expect((await auditOf(add.body.id)).length + (await auditOf(remove.body.id)).length).toBe(
      settled,
    );
    for (const r of [add, remove])
      await t.api('DELETE', `/api/v1/automation/rules/${r.body.id}`, { session: owner });
  });

  it('dry run shows which recent conversations would match, changing nothing', async () => {
    const r = await t.api('POST', '/api/v1/automation/rules/dry-run', {
      session: sup,
      body: {
        conditions: { all: [{ field: 'conversation.labels', op: 'contains', value: 'refund' }] },
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.matched).toHaveLength(1);
    expect(r.body.checked).toBeGreaterThan(1);
  });

  it('rejects bad rules, non-admins and other accounts', async () => {
    const bad = await t.api('POST', '/api/v1/automation/rules', {
      session: owner,
      body: {
        name: 'evil',
        event: 'message_received',
        conditions: { all: [{ field: 'message.content', op: 'matches', value: '(a+)+$' }] },
        actions: [{ type: 'resolve' }],
      },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('nested quantifiers');
    const hook = await t.api('POST', '/api/v1/automation/rules', {
      session: owner,
      body: {
        name: 'ftp',
        event: 'message_received',
        actions: [{ type: 'webhook', url: 'file:///etc/passwd', secret: '12345678' }],
      },
    });
    expect(hook.status).toBe(400);
    expect(
      (
        await t.api('POST', '/api/v1/automation/rules', {
          session: owner,
          body: { name: 'x', event: 'nope', actions: [{ type: 'resolve' }] },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.api('POST', '/api/v1/automation/rules', {
          session: a1,
          body: { name: 'x', event: 'message_received', actions: [{ type: 'resolve' }] },
        })
      ).status,
    ).toBe(403);
    const mine = (await t.api('GET', '/api/v1/automation/rules', { session: owner })).body.data[0]
      .id;
    const other = await t.seedAccount();
    const stranger = await t.login(other.users.owner.email, 'password-123');
    expect(
      (
        await t.api('PATCH', `/api/v1/automation/rules/${mine}`, {
          session: stranger,
          body: { enabled: false },
        })
      ).status,
    ).toBe(404);
    expect(
      (await t.api('DELETE', `/api/v1/automation/rules/${mine}`, { session: stranger })).status,
    ).toBe(404);
    expect(
      (await t.api('GET', '/api/v1/automation/rules', { session: stranger })).body.data,
    ).toEqual([]);
  });
});
