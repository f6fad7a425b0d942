/**
 * The bot end to end: handing over to a human (angry customer, explicit request, bot switched
 * off) and what the agent sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateInbox } from '../../core/commands/accounts.ts';
import { execute } from '../../core/commands/context.ts';
import { systemActor } from '../../core/policies/actor.ts';
import { type SeededAccount, type Session, type TestApp, waitFor } from '../../test/test-app.ts';
import { backgroundSettled } from '../../test/wait.ts';
import { enableBot, eventually, botApp, widgetSay } from './test/bot-app.ts';

let app: TestApp;
let acct: SeededAccount;
let agent: Session;

const say = (token: string, content: string, id: string) => widgetSay(app, token, content, id);

beforeAll(async () => {
  ({ app, acct, agent } = await botApp());
}, 60_000);
afterAll(async () => {
  await app.stop();
});

const botOn = (a: SeededAccount) => enableBot(app, a);

describe('The bot end to end: handover', () => {
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
    expect(en.body.summary.text).toMatch(/^Problem: /);
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
    // Not a fixed pause: wait until every processor has run on the account's events (the bot
    // included, which runs on message.analyzed); a bot turn would exist by now.
    await backgroundSettled(app.services.database.db, acct.accountId);
    expect(
      await app.services.database.db
        .selectFrom('bot_turns')
        .select('id')
        .where('question_message_id', '=', next.message.id)
        .executeTakeFirst(),
    ).toBeUndefined();
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
});
