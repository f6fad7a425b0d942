/**
 * The "done when", through the seeded demo: the demo inbox starts conversations in bot mode;
 * "我的快递到哪了" / "where is my order" get the tracking article at once; the angry complaint is
 * flagged, handed to a human, and the agent sees emotion, summary and empathetic suggestions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, seedDemo } from '../../cli/seed-demo.ts';
import { testApp, waitFor, type Session, type TestApp } from '../../test/test-app.ts';

let app: TestApp;
let inboxToken: string;
let li: Session;

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '200' });
  const seeded = await seedDemo(app.services);
  inboxToken = seeded!.inboxToken;
  li = await app.login(DEMO_USERS[1].email, DEMO_USERS[1].password);
}, 60_000);
afterAll(async () => {
  await app.stop();
});

async function ask(question: string) {
  const v = await app.visitor(inboxToken);
  const socket = await app.visitorSocket(v.token);
  const reply = waitFor<{ message: any }>(
    socket,
    'message',
    (p) => p.message.type === 'outgoing',
    60_000,
  );
  const r = await app.api('POST', '/widget/v1/messages', {
    token: v.token,
    body: { content: question, clientMessageId: 'demo-1' },
  });
  expect(r.status).toBe(201);
  expect(r.body.conversation.mode).toBe('bot');
  return { reply: (await reply).message, conversationId: r.body.conversation.id as string, socket };
}

describe('demo: built-in AI in the product', () => {
  it('"我的快递到哪了" gets the order-tracking answer at once', async () => {
    const { reply } = await ask('我的快递到哪了'); // waits for the reply (bounded in ask())
    expect(reply.sender.type).toBe('bot');
    expect(reply.attributes.kind).toBe('bot_answer');
    expect(reply.content).toMatch(/物流/);
  }, 90_000);

  it('"where is my order" gets the English tracking answer', async () => {
    const { reply } = await ask('where is my order');
    expect(reply.attributes.kind).toBe('bot_answer');
    expect(reply.content).toMatch(/track/i);
  }, 90_000);

  it('"你们这是什么垃圾服务，我要投诉！" → angry, handed to a human; the agent sees emotion, summary, empathy', async () => {
    const agent = await app.agentSocket(li);
    const analyzed = waitFor<any>(
      agent,
      'event',
      (e) => e.type === 'message.analyzed' && e.payload.emotion.label === 'angry',
      60_000,
    );
    const handover = waitFor<any>(
      agent,
      'event',
      (e) =>
        e.type === 'conversation.handover_requested' && e.payload.reason === 'negative_emotion',
      60_000,
    );
    const { reply, conversationId } = await ask('你们这是什么垃圾服务，我要投诉！');
    expect(reply.attributes).toMatchObject({ kind: 'handover', reason: 'negative_emotion' });
    expect(reply.content).toContain('人工客服');
    expect((await analyzed).payload.conversationId).toBe(conversationId);
    expect((await handover).payload.conversation).toMatchObject({
      id: conversationId,
      mode: 'human',
    });
    const assist = await app.api('GET', `/api/v1/conversations/${conversationId}/assist`, {
      session: li,
    });
    expect(assist.status).toBe(200);
    expect(assist.body.emotion.label).toBe('angry');
    expect(assist.body.summary.text).toContain('我要投诉');
    expect(assist.body.suggestions[0]).toMatchObject({ source: 'empathy' });
    expect(assist.body.suggestions[0].text).toMatch(/^非常抱歉给您带来不好的体验/);
  }, 90_000);
});
