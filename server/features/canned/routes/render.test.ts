/**
 * Rendering a canned response for a conversation: every variable filled, what cannot be filled
 * reported (and kept as written), the text in the customer's language; an agent's reply with a
 * placeholder left is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededAccount, Session, TestApp } from '../../../test/test-app.ts';
import { testApp } from '../../../test/test-app.ts';
import { createCanned, customerSays, render } from '../test/setup.ts';

let t: TestApp;
let acct: SeededAccount;
let owner: Session;
let agent: Session;
let agentName: string;
let hello: { id: string };

beforeAll(async () => {
  t = await testApp();
  acct = await t.seedAccount();
  owner = await t.login(acct.users.owner.email, acct.users.owner.password);
  agent = await t.login(acct.users.agent.email, acct.users.agent.password);
  agentName = (
    await t.services.database.db
      .selectFrom('users')
      .select('name')
      .where('id', '=', acct.users.agent.id)
      .executeTakeFirstOrThrow()
  ).name;
  hello = await createCanned(t, owner, 'hello', {
    'zh-CN': '您好，我是客服{{agent.name}}，很高兴为您服务！',
    en: 'Hi, this is {{agent.name}}, happy to help!',
  });
});
afterAll(async () => {
  await t.stop();
});

const db = () => t.services.database.db;

describe('rendering a canned response', () => {
  it('fills agent, contact, conversation and custom variables', async () => {
    const c = await customerSays(t, acct, 'Where is my parcel?', 'en');
    await db()
      .updateTable('contacts')
      .set({
        name: 'Emma Brown',
        email: 'emma@example.com',
        phone: '+44 20 7946 0000',
        attributes: JSON.stringify({ locale: 'en', plan: 'gold' }),
      })
      .where('id', '=', c.contactId)
      .execute();
    await db()
      .updateTable('conversations')
      .set({ custom_attributes: JSON.stringify({ orderId: 'SO-778' }) })
      .where('id', '=', c.conversationId)
      .execute();
    const displayId = (
      await t.api('GET', `/api/v1/conversations/${c.conversationId}`, { session: agent })
    ).body.displayId;
    const all = await createCanned(t, owner, 'all', {
      en: '{{contact.name}} <{{contact.email}}> {{contact.phone}}: {{agent.name}}, #{{conversation.id}}, order {{custom.orderId}}, plan {{custom.plan}}/{{contact.attributes.plan}}',
    });
    const r = await render(t, agent, { conversationId: c.conversationId, cannedId: all.id });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      content: `Emma Brown <emma@example.com> +44 20 7946 0000: ${agentName}, #${displayId}, order SO-778, plan gold/gold`,
      language: 'en',
      textLanguage: 'en',
      missing: [],
    });
  });

  it('reports unknown and empty variables and keeps them as written, never blank', async () => {
    const c = await customerSays(t, acct, 'Hello?', 'en'); // an anonymous visitor: no name, no email
    const odd = await createCanned(t, owner, 'odd', {
      en: 'Hi {{contact.name}}, {{agnet.name}} here; we wrote to {{ contact.email }} about {{custom.orderId}}.',
    });
    const r = await render(t, agent, { conversationId: c.conversationId, cannedId: odd.id });
    expect(r.body.content).toBe(
      'Hi {{contact.name}}, {{agnet.name}} here; we wrote to {{ contact.email }} about {{custom.orderId}}.',
    );
    expect(r.body.missing).toEqual([
      { name: 'contact.name', reason: 'empty' },
      { name: 'agnet.name', reason: 'unknown' },
      { name: 'contact.email', reason: 'empty' },
      { name: 'custom.orderId', reason: 'empty' },
    ]);
  });

  it("picks the text in the customer's language: English and Chinese customers", async () => {
    const en = await customerSays(t, acct, 'Hi, I need help with my order', 'en');
    const zh = await customerSays(t, acct, '你好，我的订单有问题', 'zh-CN');
    const r1 = await render(t, agent, { conversationId: en.conversationId, cannedId: hello.id });
    expect(r1.body).toMatchObject({
      content: `Hi, this is ${agentName}, happy to help!`,
      language: 'en',
      missing: [],
    });
    const r2 = await render(t, agent, { conversationId: zh.conversationId, cannedId: hello.id });
    expect(r2.body).toMatchObject({
      content: `您好，我是客服${agentName}，很高兴为您服务！`,
      language: 'zh-CN',
      missing: [],
    });
    expect(r2.body.content).not.toMatch(/Hi|\{\{/);
  });

  it("what the customer writes beats their browser's language", async () => {
    const c = await customerSays(t, acct, '你好，我想退货，鞋子太小了', 'en');
    // the AI feature's analysis of the message (after commit) decides; until then the browser's
    await expect
      .poll(
        async () =>
          (await render(t, agent, { conversationId: c.conversationId, cannedId: hello.id })).body
            .language,
        { timeout: 20_000, interval: 50 },
      )
      .toBe('zh-CN');
  });

  it("without any signal the account's language is used", async () => {
    const c = await customerSays(t, acct, '12345'); // no browser locale; digits are no language
    const zh = await render(t, agent, { conversationId: c.conversationId, cannedId: hello.id });
    expect(zh.body.language).toBe('zh-CN');
    await t.api('PATCH', '/api/v1/account', { session: owner, body: { locale: 'en' } });
    try {
      const en = await render(t, agent, { conversationId: c.conversationId, cannedId: hello.id });
      expect(en.body).toMatchObject({ language: 'en', textLanguage: 'en' });
    } finally {
      await t.api('PATCH', '/api/v1/account', { session: owner, body: { locale: 'zh-CN' } });
    }
  });

  it('a response without the customer language falls back to the account language, and says so', async () => {
    const onlyZh = await createCanned(t, owner, 'only-zh', {
      'zh-CN': '请稍等，{{agent.name}}马上回来。',
    });
    const c = await customerSays(t, acct, 'Are you there?', 'en');
    const r = await render(t, agent, { conversationId: c.conversationId, cannedId: onlyZh.id });
    expect(r.body).toEqual({
      content: `请稍等，${agentName}马上回来。`,
      language: 'en',
      textLanguage: 'zh-CN',
      missing: [],
    });
  });

  it("renders the agent's own text too", async () => {
    const c = await customerSays(t, acct, 'Thanks', 'en');
    const r = await render(t, agent, {
      conversationId: c.conversationId,
      content: 'Thanks, {{agent.name}} — {{nope}}',
    });
    expect(r.body).toEqual({
      content: `Thanks, ${agentName} — {{nope}}`,
      language: 'en',
      textLanguage: 'en',
      missing: [{ name: 'nope', reason: 'unknown' }],
    });
  });

  it('refuses bad requests with the stable error shape', async () => {
    const c = await customerSays(t, acct, 'Hi', 'en');
    const cases: Array<[unknown, number, string]> = [
      [{ conversationId: c.conversationId }, 400, 'invalid_request'],
      [
        { conversationId: c.conversationId, cannedId: hello.id, content: 'x' },
        400,
        'invalid_request',
      ],
      [{ conversationId: 'nope', cannedId: hello.id }, 400, 'invalid_request'],
      [{ conversationId: c.conversationId, cannedId: crypto.randomUUID() }, 404, 'not_found'],
      [{ conversationId: crypto.randomUUID(), cannedId: hello.id }, 404, 'not_found'],
    ];
    for (const [body, status, code] of cases) {
      const r = await t.api('POST', '/api/v1/canned-responses/render', { session: agent, body });
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    const other = await t.seedAccount();
    const stranger = await t.login(other.users.owner.email, other.users.owner.password);
    const r = await render(t, stranger, { conversationId: c.conversationId, content: 'x' });
    expect(r.status).toBe(404);
  });
});

describe('an agent reply with a placeholder left', () => {
  it('is refused, naming the variables; the customer gets nothing; a private note may quote one', async () => {
    const c = await customerSays(t, acct, 'Hello', 'en');
    const send = (content: string, isPrivate = false) =>
      t.api('POST', `/api/v1/conversations/${c.conversationId}/messages`, {
        session: agent,
        body: { content, private: isPrivate },
      });
    const raw = await send('Hi, this is {{agent.name}} and {{ contact.name }}');
    expect(raw.status).toBe(400);
    expect(raw.body.error).toMatchObject({
      code: 'unfilled_variables',
      details: { variables: ['agent.name', 'contact.name'] },
    });
    expect((await send('Use {{contact.name}} in templates', true)).status).toBe(201);
    expect((await send('Plain {braces} are fine')).status).toBe(201);
    const seen = await t.api('GET', '/widget/v1/messages?limit=100', { token: c.token });
    const texts = seen.body.data.map((m: { content: string }) => m.content);
    expect(texts).toContain('Plain {braces} are fine');
    expect(texts.join('\n')).not.toContain('{{');
  });
});
