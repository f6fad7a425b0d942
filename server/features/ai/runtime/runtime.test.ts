/** End to end through a real server: analysis → message.analyzed, bot answers / hands over, assist, feedback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateInbox } from '../../../core/commands/accounts.ts';
import { execute } from '../../../core/commands/context.ts';
import { registry } from '../../../core/infra/metrics.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import {
  testApp,
  waitFor,
  type SeededAccount,
  type Session,
  type TestApp,
} from '../../../test/test-app.ts';
import { setAnalyzerForTests } from './analyzer.ts';

let app: TestApp;
let acct: SeededAccount;
let agent: Session;

async function botOn(a: SeededAccount) {
  await execute(app.services, systemActor(a.accountId), updateInbox, {
    inboxId: a.inboxId,
    settings: { bot: { mode: 'on', demoKnowledge: true } },
  });
}

/** Waits until `check` returns a value (polling the API / database). */
async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 45_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function say(token: string, content: string, id: string) {
  const r = await app.api('POST', '/widget/v1/messages', {
    token,
    body: { content, clientMessageId: id },
  });
  expect(r.status).toBe(201);
  return r.body as { message: { id: string }; conversation: { id: string; mode: string } };
}

const metricValue = async (name: string, labels: Record<string, string> = {}) => {
  const m = (await registry.getMetricsAsJSON()).find((x) => x.name === name);
  return (m?.values ?? [])
    .filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val))
    .reduce((s, v) => s + Number(v.value), 0);
};

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '200' });
  acct = await app.seedAccount();
  await botOn(acct);
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
}, 60_000);
afterAll(async () => {
  setAnalyzerForTests(null);
  await app.stop();
});

describe('AI runtime end to end', () => {
  it('"我的快递到哪了" gets the order-tracking article at once, in Chinese, over the visitor socket', async () => {
    const v = await app.visitor(acct.inboxToken);
    const socket = await app.visitorSocket(v.token);
    const reply = waitFor<{ message: any }>(
      socket,
      'message',
      (p) => p.message.sender.type === 'bot',
      60_000,
    );
    const sent = await say(v.token, '我的快递到哪了', 'q1');
    expect(sent.conversation.mode).toBe('bot');
    const { message } = await reply;
    expect(message.attributes).toMatchObject({
      kind: 'bot_answer',
      articleIds: ['demo-order-status-zh'],
    });
    expect(message.attributes.confidence).toBeGreaterThan(0.35);
    expect(message.content).toContain('我的订单');
    const analysis = await eventually(() =>
      app.services.database.db
        .selectFrom('message_analyses')
        .selectAll()
        .where('message_id', '=', sent.message.id)
        .executeTakeFirst(),
    );
    expect(analysis).toMatchObject({ language: 'zh', intent_label: 'delivery' });
  }, 90_000);

  it('"where is my order" is answered in English; a retried job does not answer twice', async () => {
    const v = await app.visitor(acct.inboxToken);
    const sent = await say(v.token, 'where is my order', 'q1');
    const turn = await eventually(() =>
      app.services.database.db
        .selectFrom('bot_turns')
        .selectAll()
        .where('question_message_id', '=', sent.message.id)
        .executeTakeFirst(),
    );
    expect(turn).toMatchObject({ outcome: 'answered', source: 'kb' });
    expect(JSON.parse(turn.article_ids)).toEqual(['demo-order-status-en']);
    const events = await app.services.database.db
      .selectFrom('events')
      .select(['id', 'type', 'payload', 'account_id', 'conversation_id', 'created_at'])
      .where('conversation_id', '=', sent.conversation.id)
      .where('type', 'in', ['message.created', 'message.analyzed'])
      .execute();
    // Replay every event as a retry would: no second answer, no second analysis.
    const { eventFromRow } = await import('../../../core/events/recorder.ts');
    const { analyzeProcessor, botProcessor } = await import('./processors.ts');
    for (const row of events) {
      const e = eventFromRow({ ...row, id: Number(row.id), created_at: Number(row.created_at) });
      for (const p of [analyzeProcessor(app.services), botProcessor(app.services)]) {
        if (p.handles === '*' || p.handles.includes(e.type)) await p.handle(e);
      }
    }
    const bots = await app.api('GET', `/widget/v1/messages`, { token: v.token });
    expect(bots.body.data.filter((m: any) => m.sender.type === 'bot')).toHaveLength(1);
    expect(bots.body.data.find((m: any) => m.sender.type === 'bot').content).toMatch(/My orders/);
    const analyses = await app.services.database.db
      .selectFrom('message_analyses')
      .select('message_id')
      .where('conversation_id', '=', sent.conversation.id)
      .execute();
    expect(analyses).toHaveLength(1);
    const turns = await app.api('GET', `/api/v1/conversations/${sent.conversation.id}/bot-turns`, {
      session: agent,
    });
    expect(turns.status).toBe(200);
    expect(turns.body.data).toHaveLength(1);
    expect(turns.body.data[0]).toMatchObject({
      questionMessageId: sent.message.id,
      action: 'answer',
      reason: 'confident_match',
      outcome: 'answered',
      source: 'kb',
      helpful: null,
    });
    expect(turns.body.data[0].candidates[0]).toMatchObject({
      id: 'demo-order-status-en',
      score: expect.any(Number),
      matched: expect.any(String),
    });
  }, 90_000);

  it('"你们这是什么垃圾服务，我要投诉！" is flagged angry, handed to a human; the agent sees emotion, summary and empathy', async () => {
    const agentSocket = await app.agentSocket(agent);
    const analyzed = waitFor<any>(
      agentSocket,
      'event',
      (e) => e.type === 'message.analyzed',
      60_000,
    );
    const handover = waitFor<any>(
      agentSocket,
      'event',
      (e) => e.type === 'conversation.handover_requested',
      60_000,
    );
    const replied = waitFor<any>(
      agentSocket,
      'event',
      (e) => e.type === 'bot.replied' && e.payload.outcome === 'handover',
      60_000,
    );
    const v = await app.visitor(acct.inboxToken);
    const sent = await say(v.token, '你们这是什么垃圾服务，我要投诉！', 'q1');
    const a = await analyzed;
    expect(a.payload).toMatchObject({
      messageId: sent.message.id,
      language: 'zh',
      emotion: { label: 'angry' },
      sentiment: { label: 'negative' },
      humanRequest: false,
    });
    expect(a.payload.emotion.intensity).toBeGreaterThan(0.85);
    expect((await handover).payload).toMatchObject({
      reason: 'negative_emotion',
      conversation: { id: sent.conversation.id, mode: 'human' },
    });
    expect((await replied).payload).toMatchObject({
      questionMessageId: sent.message.id,
      replyMessageId: null,
    });
    const res = await app.api('GET', `/api/v1/conversations/${sent.conversation.id}/assist`, {
      session: agent,
    });
    expect(res.status).toBe(200);
    expect(res.body.emotion).toMatchObject({ label: 'angry' });
    expect(res.body.sentiment).toMatchObject({ label: 'negative' });
    expect(res.body.intent).toMatchObject({ label: 'complaint' });
    expect(res.body.summary).toMatchObject({ source: 'extractive' });
    expect(res.body.summary.text).toContain('垃圾服务');
    expect(res.body.summary.text).toContain('已转人工');
    expect(res.body.suggestions[0]).toMatchObject({ source: 'empathy' });
    expect(res.body.suggestions[0].text).toContain('非常抱歉给您带来不好的体验');
    const en = await app.api(
      'GET',
      `/api/v1/conversations/${sent.conversation.id}/assist?locale=en`,
      { session: agent },
    );
    expect(en.body.summary.text).toMatch(/^Customer wants: /);
    const notes = await app.services.database.db
      .selectFrom('messages')
      .select('content')
      .where('conversation_id', '=', sent.conversation.id)
      .where('message_type', '=', 'note')
      .execute();
    expect(notes[0].content).toContain('客户情绪强烈');
  }, 90_000);

  it('an explicit request ("转人工") hands over with reason detected_request; in human mode nothing is answered', async () => {
    const v = await app.visitor(acct.inboxToken);
    const sent = await say(v.token, '转人工', 'q1');
    const turn = await eventually(() =>
      app.services.database.db
        .selectFrom('bot_turns')
        .selectAll()
        .where('question_message_id', '=', sent.message.id)
        .executeTakeFirst(),
    );
    expect(turn).toMatchObject({
      action: 'handover',
      reason: 'human_request',
      outcome: 'handover',
    });
    const events = await app.services.database.db
      .selectFrom('events')
      .select(['type', 'payload'])
      .where('conversation_id', '=', sent.conversation.id)
      .execute();
    expect(
      events
        .filter((e) => e.type === 'conversation.handover_requested')
        .map((e) => JSON.parse(e.payload).reason),
    ).toEqual(['detected_request']);
    const next = await say(v.token, 'where is my order', 'q2');
    await eventually(() =>
      app.services.database.db
        .selectFrom('message_analyses')
        .select('message_id')
        .where('message_id', '=', next.message.id)
        .executeTakeFirst(),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(
      await app.services.database.db
        .selectFrom('bot_turns')
        .select('id')
        .where('question_message_id', '=', next.message.id)
        .executeTakeFirst(),
    ).toBeUndefined();
  }, 90_000);

  it('"did you mean": suggestions in the customer language; replying with a number answers that article', async () => {
    const other = await app.seedAccount();
    // A bot that never answers directly (threshold above 1) always offers choices.
    await execute(app.services, systemActor(other.accountId), updateInbox, {
      inboxId: other.inboxId,
      settings: { bot: { mode: 'on', demoKnowledge: true, policy: { answerThreshold: 1.01 } } },
    });
    const v = await app.visitor(other.inboxToken);
    const first = await say(v.token, 'where is my order', 'q1');
    const turn = await eventually(() =>
      app.services.database.db
        .selectFrom('bot_turns')
        .selectAll()
        .where('question_message_id', '=', first.message.id)
        .executeTakeFirst(),
    );
    expect(turn).toMatchObject({ action: 'suggest', outcome: 'suggested' });
    const page = await app.api('GET', '/widget/v1/messages', { token: v.token });
    const sugg = page.body.data.find((m: any) => m.attributes.kind === 'bot_suggestions');
    expect(sugg.content).toMatch(/^Did you mean:\n1\. /);
    expect(sugg.attributes.suggestions[0]).toEqual({
      articleId: 'demo-order-status-en',
      title: 'Where is my order? How do I track my package?',
    });
    const pick = await say(v.token, '1', 'q2');
    const answer = await eventually(() =>
      app.services.database.db
        .selectFrom('bot_turns')
        .selectAll()
        .where('question_message_id', '=', pick.message.id)
        .executeTakeFirst(),
    );
    expect(answer).toMatchObject({ action: 'answer', outcome: 'answered' });
    expect(JSON.parse(answer.article_ids)).toEqual(['demo-order-status-en']);
  }, 90_000);

  it('a conversation still with the bot after the inbox bot was switched off goes to a human', async () => {
    const other = await app.seedAccount();
    await botOn(other);
    const v = await app.visitor(other.inboxToken);
    const first = await say(v.token, '我的快递到哪了', 'q1');
    expect(first.conversation.mode).toBe('bot');
    const answered = await eventually(() =>
      app.services.database.db
        .selectFrom('bot_turns')
        .selectAll()
        .where('question_message_id', '=', first.message.id)
        .executeTakeFirst(),
    );
    expect(answered.outcome).toBe('answered');
    await execute(app.services, systemActor(other.accountId), updateInbox, {
      inboxId: other.inboxId,
      settings: { bot: { mode: 'off' } },
    });
    const next = await say(v.token, 'where is my order', 'q2');
    const turn = await eventually(() =>
      app.services.database.db
        .selectFrom('bot_turns')
        .selectAll()
        .where('question_message_id', '=', next.message.id)
        .executeTakeFirst(),
    );
    expect(turn.action).toBe('handover');
    const conv = await app.services.database.db
      .selectFrom('conversations')
      .select('mode')
      .where('id', '=', next.conversation.id)
      .executeTakeFirstOrThrow();
    expect(conv.mode).toBe('human');
  }, 90_000);

  it('unknown or other-account conversations give 404 on assist and bot-turns', async () => {
    const other = await app.seedAccount();
    const v = await app.visitor(other.inboxToken);
    const sent = await say(v.token, 'hello', 'q1');
    expect(
      (
        await app.api('GET', `/api/v1/conversations/${sent.conversation.id}/assist`, {
          session: agent,
        })
      ).status,
    ).toBe(404);
    expect(
      (await app.api('GET', '/api/v1/conversations/not-an-id/assist', { session: agent })).status,
    ).toBe(404);
    expect(
      (
        await app.api('GET', `/api/v1/conversations/${sent.conversation.id}/bot-turns`, {
          session: agent,
        })
      ).status,
    ).toBe(404);
    const openapi = await app.api('GET', '/api/v1/openapi.json');
    for (const path of [
      '/api/v1/conversations/{id}/assist',
      '/api/v1/conversations/{id}/bot-turns',
      '/widget/v1/messages/{id}/feedback',
      '/api/v1/ai/provider',
      '/api/v1/ai/rewrite',
      '/api/v1/ai/translate',
    ]) {
      expect(openapi.body.paths[path], path).toBeDefined();
    }
    expect(
      (await app.api('GET', `/api/v1/conversations/${sent.conversation.id}/assist`)).status,
    ).toBe(401);
  });

  it('when the analysis worker throws or times out the message is still delivered, the failure is counted, and the bot still hands over on "转人工"', async () => {
    const before = {
      error: await metricValue('kefu_ai_failures_total', { stage: 'error' }),
      timeout: await metricValue('kefu_ai_failures_total', { stage: 'timeout' }),
    };
    setAnalyzerForTests(async () => {
      throw new Error('boom');
    });
    try {
      const v = await app.visitor(acct.inboxToken);
      const sent = await say(v.token, '转人工 please, my phone is 13812345678', 'q1');
      await eventually(
        async () =>
          (await metricValue('kefu_ai_failures_total', { stage: 'error' })) > before.error,
      );
      const turn = await eventually(() =>
        app.services.database.db
          .selectFrom('bot_turns')
          .selectAll()
          .where('question_message_id', '=', sent.message.id)
          .executeTakeFirst(),
      );
      expect(turn.reason).toBe('human_request');
      const replied = await app.services.database.db
        .selectFrom('events')
        .select('payload')
        .where('conversation_id', '=', sent.conversation.id)
        .where('type', '=', 'bot.replied')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(replied.payload).question).not.toContain('13812345678');
      setAnalyzerForTests(() => new Promise(() => {}));
      const v2 = await app.visitor(acct.inboxToken);
      const slow = await say(v2.token, 'where is my order', 'q1');
      const history = await app.api('GET', '/widget/v1/messages', { token: v2.token });
      expect(history.body.data.map((m: any) => m.id)).toContain(slow.message.id);
      await eventually(
        async () =>
          (await metricValue('kefu_ai_failures_total', { stage: 'timeout' })) > before.timeout,
        10_000,
      );
      // With no analysis the bot still answers from the KB.
      const turn2 = await eventually(() =>
        app.services.database.db
          .selectFrom('bot_turns')
          .selectAll()
          .where('question_message_id', '=', slow.message.id)
          .executeTakeFirst(),
      );
      expect(turn2.outcome).toBe('answered');
      const metrics = await app.api('GET', '/metrics');
      expect(String(metrics.body)).toMatch(/kefu_ai_failures_total\{stage="timeout"\} [1-9]/);
    } finally {
      setAnalyzerForTests(null);
    }
  }, 90_000);
});
