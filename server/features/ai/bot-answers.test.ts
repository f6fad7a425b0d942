/**
 * The bot end to end: the bot answers from the knowledge base (zh and en, idempotent on retry)
 * and offers "did you mean" choices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateInbox } from '../../core/commands/accounts.ts';
import { execute } from '../../core/commands/context.ts';
import { systemActor } from '../../core/policies/actor.ts';
import { type SeededAccount, type Session, type TestApp, waitFor } from '../../test/test-app.ts';
import { eventually, botApp, widgetSay } from './test/bot-app.ts';

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

describe('The bot end to end: answers', () => {
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
    const { eventFromRow } = await import('../../core/events/recorder.ts');
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

  it('a message with no language of its own ("??") gets the reply in the conversation\'s language', async () => {
    const v = await app.visitor(acct.inboxToken);
    const first = await say(v.token, 'where is my order', 'q1');
    await eventually(() =>
      app.services.database.db
        .selectFrom('bot_turns')
        .select('id')
        .where('question_message_id', '=', first.message.id)
        .executeTakeFirst(),
    );
    const second = await say(v.token, '??', 'q2');
    const turn = await eventually(() =>
      app.services.database.db
        .selectFrom('bot_turns')
        .selectAll()
        .where('question_message_id', '=', second.message.id)
        .executeTakeFirst(),
    );
    expect(turn.action).not.toBe('answer');
    const page = await eventually(async () => {
      const r = await app.api('GET', '/widget/v1/messages', { token: v.token });
      const bots = r.body.data.filter((m: any) => m.sender.type === 'bot');
      return bots.length >= 2 && bots;
    });
    const reply = page[page.length - 1].content as string;
    expect(reply).toMatch(/[a-z]{3}/i);
    expect(reply).not.toMatch(/[\u4e00-\u9fff]/);
  }, 90_000);

  it('a message a machine sent (noAutoReply: an auto-reply, a bounce) is never answered by the bot', async () => {
    const v = await app.visitor(acct.inboxToken);
    const { receiveMessage } = await import('../../core/commands/receive-message.ts');
    const auto = await execute(app.services, systemActor(acct.accountId), receiveMessage, {
      inboxId: acct.inboxId,
      contactId: v.contactId,
      content: 'where is my order',
      clientMessageId: 'auto-1',
      attributes: { noAutoReply: true, autoSubmitted: 'auto-replied' },
    });
    // Its message.analyzed event is marked dispatched only after the bot's job for it finished.
    await eventually(async () => {
      const rows = await app.services.database.db
        .selectFrom('events')
        .select(['dispatched_at', 'payload'])
        .where('conversation_id', '=', auto.conversation.id)
        .where('type', '=', 'message.analyzed')
        .execute();
      return rows.some(
        (r) => r.dispatched_at != null && JSON.parse(r.payload).messageId === auto.message.id,
      );
    });
    const turns = await app.services.database.db
      .selectFrom('bot_turns')
      .select('id')
      .where('question_message_id', '=', auto.message.id)
      .execute();
    expect(turns).toEqual([]);
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
});
