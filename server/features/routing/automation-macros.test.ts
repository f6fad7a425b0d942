/** Macros and canned responses (with their variables) through the real server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../core/commands/context.ts';
import { systemActor } from '../../core/policies/actor.ts';
import type { Session, SeededAccount, TestApp } from '../../test/test-app.ts';
import { automationApp, conversationOf } from './test/automation.ts';
import { customer, eventually } from './test/helpers.ts';

let t: TestApp;
let acct: SeededAccount;
let sup: Session, a1: Session;

beforeAll(async () => {
  ({ t, acct, sup, a1 } = await automationApp());
});
afterAll(async () => {
  await t.stop();
});

const conv = (id: string) => conversationOf(t, a1, id);

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
      body: {
        shortCode: 'hi',
        texts: { en: 'Hi {{contact.name}}, {{agent.name}} here' },
      },
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

  it("a macro sends a canned reply in the customer's language, and refuses one it cannot fill", async () => {
    const c = await customer(t, acct.inboxToken, '你好，我的订单还没到');
    const create = (shortCode: string, texts: Record<string, string>) =>
      t.api('POST', '/api/v1/canned-responses', { session: sup, body: { shortCode, texts } });
    const hello = await create('m-hello', {
      'zh-CN': '您好，我是{{agent.name}}',
      en: 'Hi, {{agent.name}} here',
    });
    const mail = await create('m-mail', {
      'zh-CN': '我们已发邮件到 {{contact.email}}',
      en: 'We wrote to {{contact.email}}',
    });
    const macro = async (cannedId: string) =>
      (
        await t.api('POST', '/api/v1/macros', {
          session: sup,
          body: { name: `send ${cannedId}`, actions: [{ type: 'send_canned', cannedId }] },
        })
      ).body.id as string;
    const run = (id: string) =>
      t.api('POST', `/api/v1/macros/${id}/run`, {
        session: a1,
        body: { conversationId: c.conversationId },
      });
    const texts = async () =>
      (
        await t.api('GET', `/api/v1/conversations/${c.conversationId}/messages`, { session: a1 })
      ).body.data.map((m: { content: string }) => m.content) as string[];
    // the language comes from the analysis of what the customer wrote
    await eventually(
      async () =>
        (
          await t.api('POST', '/api/v1/canned-responses/render', {
            session: a1,
            body: { conversationId: c.conversationId, cannedId: hello.body.id },
          })
        ).body.language === 'zh-CN',
    );
    expect((await run(await macro(hello.body.id))).status).toBe(200);
    expect(await texts()).toContainEqual(expect.stringMatching(/^您好，我是agent .+$/));
    const refused = await run(await macro(mail.body.id)); // an anonymous visitor has no email
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'unfilled_variables',
      details: { variables: ['contact.email'] },
    });
    expect((await texts()).join('\n')).not.toMatch(/邮件|\{\{/);
  });
});
