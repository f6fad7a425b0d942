/** Automation rules, macros and canned variables through the real server. */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam } from '../../core/commands/accounts.ts';
import { execute } from '../../core/commands/context.ts';
import type { EventPayloads } from '../../core/events/catalog.ts';

type MessageAnalyzedPayload = EventPayloads['message.analyzed'];
import { systemActor } from '../../core/policies/actor.ts';
import { testApp, type Session, type SeededAccount, type TestApp } from '../../test/test-app.ts';
import { ConfigError, loadConfig } from '../../core/config.ts';
import { sign } from './rules/webhook.ts';
import { customer, eventually } from './test/helpers.ts';

let t: TestApp;
let acct: SeededAccount;
let owner: Session, sup: Session, a1: Session;
let billingId: string;

beforeAll(async () => {
  t = await testApp();
  acct = await t.seedAccount();
  [owner, sup, a1] = await Promise.all([
    t.login(acct.users.owner.email, 'password-123'),
    t.login(acct.users.supervisor.email, 'password-123'),
    t.login(acct.users.agent.email, 'password-123'),
  ]);
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

const analyzed = (conversationId: string, intent: string): MessageAnalyzedPayload => ({
  messageId: 'm',
  conversationId,
  contactId: 'k',
  inboxId: acct.inboxId,
  language: 'zh',
  sentiment: { label: 'neutral', score: 0 },
  emotion: { label: 'neutral', intensity: 0.1 },
  trend: 'stable',
  intent: { label: intent, confidence: 0.9 },
  humanRequest: false,
  piiTypes: [],
});
const conv = async (id: string) =>
  (await t.api('GET', `/api/v1/conversations/${id}`, { session: a1 })).body;
const auditOf = async (ruleId: string) =>
  (await t.api('GET', `/api/v1/automation/audit?ruleId=${ruleId}&limit=200`, { session: sup })).body
    .data as Array<{ outcome: string; detail: any }>;

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

  it('webhooks are signed, and private addresses are blocked unless allowed', async () => {
    const received: Array<{ body: string; sig: string; ts: string }> = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        received.push({
          body,
          sig: String(req.headers['x-kefu-signature']),
          ts: String(req.headers['x-kefu-timestamp']),
        });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const rule = await t.api('POST', '/api/v1/automation/rules', {
      session: owner,
      body: {
        name: 'hook',
        event: 'message_received',
        conditions: { all: [{ field: 'message.content', op: 'contains', value: 'webhook' }] },
        actions: [
          { type: 'webhook', url: `http://127.0.0.1:${port}/hook`, secret: 'hook-secret-123' },
        ],
      },
    });
    await customer(t, acct.inboxToken, 'webhook please');
    const blocked = await eventually(
      () => auditOf(rule.body.id),
      (a) => a[0]?.detail?.webhooks,
    );
    expect(blocked[0].detail.webhooks[0]).toMatchObject({ ok: false, error: 'blocked_address' });
    expect(received).toHaveLength(0);

    // WEBHOOK_ALLOW_PRIVATE=true (config) lets a node reach the loopback peer
    const t2 = await testApp({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    try {
      expect(t2.services.config.WEBHOOK_ALLOW_PRIVATE).toBe(true);
      const acct2 = await t2.seedAccount();
      const owner2 = await t2.login(acct2.users.owner.email, 'password-123');
      const rule2 = await t2.api('POST', '/api/v1/automation/rules', {
        session: owner2,
        body: {
          name: 'hook',
          event: 'message_received',
          conditions: { all: [{ field: 'message.content', op: 'contains', value: 'webhook' }] },
          actions: [
            { type: 'webhook', url: `http://127.0.0.1:${port}/hook`, secret: 'hook-secret-123' },
          ],
        },
      });
      await customer(t2, acct2.inboxToken, 'webhook again');
      await eventually(
        async () => received.length,
        (n) => n === 1,
      );
      expect(received[0].sig).toBe(
        `sha256=${sign('hook-secret-123', received[0].body, Number(received[0].ts))}`,
      );
      expect(JSON.parse(received[0].body)).toMatchObject({
        ruleId: rule2.body.id,
        event: { type: 'message.created' },
      });
      const audit2 = await eventually(
        async () =>
          (
            await t2.api('GET', `/api/v1/automation/audit?ruleId=${rule2.body.id}`, {
              session: owner2,
            })
          ).body.data,
        (a: any[]) => a[0]?.detail?.webhooks,
      );
      expect(audit2[0].detail.webhooks[0]).toMatchObject({ ok: true, status: 200, error: null });
    } finally {
      await t2.stop();
      server.close();
      await t.api('DELETE', `/api/v1/automation/rules/${rule.body.id}`, { session: owner });
    }
  });

  it('WEBHOOK_ALLOW_PRIVATE is read by the config module: false by default, validated', () => {
    expect(loadConfig({}).WEBHOOK_ALLOW_PRIVATE).toBe(false);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'true' }).WEBHOOK_ALLOW_PRIVATE).toBe(true);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: '0' }).WEBHOOK_ALLOW_PRIVATE).toBe(false);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'maybe' })).toThrow(ConfigError);
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

describe('macros and canned responses', () => {
  it('an agent runs a macro; variables are filled in', async () => {
    const c = await customer(t, acct.inboxToken, 'hi');
    await execute(
      t.services,
      systemActor(acct.accountId),
      async (ctx) => {
        const row = await ctx.tx
          .selectFrom('conversations')
          .select('contact_id')
          .where('id', '=', c.conversationId)
          .executeTakeFirstOrThrow();
        await ctx.tx
          .updateTable('contacts')
          .set({
            name: '张伟',
            attributes: JSON.stringify({ order: { id: 'SO-778', status: 'shipped' } }),
          })
          .where('id', '=', row.contact_id)
          .execute();
      },
      null,
    );
    const macro = await t.api('POST', '/api/v1/macros', {
      session: sup,
      body: {
        name: 'Shipping status',
        actions: [
          {
            type: 'send_message',
            content:
              '{{contact.name}}您好，我是{{agent.name}}，您的订单 {{order.id}} 状态：{{order.status}}',
          },
          { type: 'add_label', label: 'shipping' },
          { type: 'resolve' },
        ],
      },
    });
    expect(macro.status).toBe(201);
    expect(
      (
        await t.api('POST', '/api/v1/macros', {
          session: a1,
          body: { name: 'x', actions: [{ type: 'resolve' }] },
        })
      ).status,
    ).toBe(403);
    const run = await t.api('POST', `/api/v1/macros/${macro.body.id}/run`, {
      session: a1,
      body: { conversationId: c.conversationId },
    });
    expect(run.body).toEqual({ actions: ['send_message', 'add_label', 'resolve'] });
    const after = await conv(c.conversationId);
    expect(after).toMatchObject({ status: 'resolved', labels: ['shipping'] });
    const msgs = (
      await t.api('GET', `/api/v1/conversations/${c.conversationId}/messages`, { session: a1 })
    ).body.data;
    expect(msgs.map((m: { content: string }) => m.content)).toContain(
      `张伟您好，我是agent ${acct.users.agent.email.split('@')[0].replace('agent-', '')}，您的订单 SO-778 状态：shipped`,
    );

    const canned = await t.api('POST', '/api/v1/canned-responses', {
      session: sup,
      body: { shortCode: 'hi', content: 'Hi {{contact.name}}, {{agent.name}} here' },
    });
    const rendered = await t.api('POST', '/api/v1/canned-responses/render', {
      session: a1,
      body: { conversationId: c.conversationId, cannedId: canned.body.id },
    });
    expect(rendered.body.content).toMatch(/^Hi 张伟, agent .+ here$/);
    const other = await t.seedAccount();
    const stranger = await t.login(other.users.owner.email, 'password-123');
    expect(
      (
        await t.api('POST', `/api/v1/macros/${macro.body.id}/run`, {
          session: stranger,
          body: { conversationId: c.conversationId },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await t.api('POST', '/api/v1/canned-responses/render', {
          session: stranger,
          body: { conversationId: c.conversationId, content: 'x' },
        })
      ).status,
    ).toBe(404);
  });
});
