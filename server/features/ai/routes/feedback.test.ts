/** POST /widget/v1/messages/:id/feedback: bot answers of the visitor's own conversation, once each. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateInbox } from '../../../core/commands/accounts.ts';
import { execute } from '../../../core/commands/context.ts';
import { sendMessage } from '../../../core/commands/send-message.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { testApp, type SeededAccount, type TestApp } from '../../../test/test-app.ts';
import { setAnalyzerForTests } from '../workers/analyzer.ts';

let app: TestApp;
let acct: SeededAccount;

async function botAnswerFor(
  token: string,
): Promise<{ answerId: string; conversationId: string; questionId: string }> {
  const r = await app.api('POST', '/widget/v1/messages', {
    token,
    body: { content: 'where is my order', clientMessageId: 'q1' },
  });
  const end = Date.now() + 45_000;
  while (Date.now() < end) {
    const page = await app.api('GET', '/widget/v1/messages', { token });
    const bot = page.body.data.find((m: any) => m.attributes.kind === 'bot_answer');
    if (bot)
      return {
        answerId: bot.id,
        conversationId: r.body.conversation.id,
        questionId: r.body.message.id,
      };
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('no bot answer');
}

beforeAll(async () => {
  // Feedback does not depend on the models: a fixed analysis keeps this file fast.
  setAnalyzerForTests(async () => ({
    language: 'en',
    sentiment: { label: 'neutral', score: 0 },
    emotion: {
      label: 'neutral',
      intensity: 0,
      scores: { neutral: 1, angry: 0, happy: 0, sad: 0, fear: 0, surprise: 0 },
    },
    intent: { label: 'order_status', confidence: 0.9 },
    humanRequest: { detected: false },
    pii: [],
  }));
  app = await testApp({ RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '200' });
  acct = await app.seedAccount();
  await execute(app.services, systemActor(acct.accountId), updateInbox, {
    inboxId: acct.inboxId,
    settings: { bot: { mode: 'on', demoKnowledge: true } },
  });
}, 60_000);
afterAll(async () => {
  setAnalyzerForTests(null);
  await app.stop();
});

describe('bot feedback', () => {
  it('records feedback once → bot.feedback event, marks the bot turn; a second try is 409', async () => {
    const v = await app.visitor(acct.inboxToken);
    const { answerId, conversationId } = await botAnswerFor(v.token);
    const res = await app.api('POST', `/widget/v1/messages/${answerId}/feedback`, {
      token: v.token,
      body: { helpful: false, comment: ' not my question ' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ messageId: answerId, helpful: false });
    const ev = await app.services.database.db
      .selectFrom('events')
      .select('payload')
      .where('type', '=', 'bot.feedback')
      .where('conversation_id', '=', conversationId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(ev.payload)).toEqual({
      conversationId,
      messageId: answerId,
      helpful: false,
      comment: 'not my question',
    });
    const turn = await app.services.database.db
      .selectFrom('bot_turns')
      .select('resolved')
      .where('reply_message_id', '=', answerId)
      .executeTakeFirstOrThrow();
    expect(turn.resolved).toBe(0);
    const again = await app.api('POST', `/widget/v1/messages/${answerId}/feedback`, {
      token: v.token,
      body: { helpful: true },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('feedback_exists');
  }, 60_000);

  it("feedback on someone else's message, an unknown id or another account's message is 404", async () => {
    const alice = await app.visitor(acct.inboxToken);
    const bob = await app.visitor(acct.inboxToken);
    const { answerId } = await botAnswerFor(alice.token);
    expect(
      (
        await app.api('POST', `/widget/v1/messages/${answerId}/feedback`, {
          token: bob.token,
          body: { helpful: true },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await app.api('POST', '/widget/v1/messages/0190a000-0000-7000-8000-000000000000/feedback', {
          token: bob.token,
          body: { helpful: true },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await app.api('POST', '/widget/v1/messages/not-an-id/feedback', {
          token: bob.token,
          body: { helpful: true },
        })
      ).status,
    ).toBe(404);
    const other = await app.seedAccount();
    const eve = await app.visitor(other.inboxToken);
    expect(
      (
        await app.api('POST', `/widget/v1/messages/${answerId}/feedback`, {
          token: eve.token,
          body: { helpful: true },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await app.api('POST', `/widget/v1/messages/${answerId}/feedback`, {
          body: { helpful: true },
        })
      ).status,
    ).toBe(401);
  }, 60_000);

  it('only bot answers take feedback (400 on the own question or an agent reply); bad bodies are 400', async () => {
    const v = await app.visitor(acct.inboxToken);
    const { questionId, conversationId, answerId } = await botAnswerFor(v.token);
    const own = await app.api('POST', `/widget/v1/messages/${questionId}/feedback`, {
      token: v.token,
      body: { helpful: true },
    });
    expect(own.status).toBe(400);
    expect(own.body.error.code).toBe('feedback_not_allowed');
    const human = await execute(app.services, acct.users.agent.actor, sendMessage, {
      conversationId,
      content: 'Hi, this is Sam',
    });
    expect(
      (
        await app.api('POST', `/widget/v1/messages/${human.message.id}/feedback`, {
          token: v.token,
          body: { helpful: true },
        })
      ).body.error.code,
    ).toBe('feedback_not_allowed');
    expect(
      (
        await app.api('POST', `/widget/v1/messages/${answerId}/feedback`, {
          token: v.token,
          body: { helpful: 'yes' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await app.api('POST', `/widget/v1/messages/${answerId}/feedback`, {
          token: v.token,
          body: { helpful: true, extra: 1 },
        })
      ).status,
    ).toBe(400);
  }, 60_000);
});
