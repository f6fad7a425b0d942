/**
 * Issue 14 item 5: an angry customer who reaches a person after talking to the bot enters the queue
 * ranked by that anger. The analysis is stored while the bot still owns the conversation (routing
 * ignores unqueued conversations), so the queue row must take it from what was analysed, not start
 * at anger 0 behind calmer customers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateInbox } from '../../core/commands/accounts.ts';
import { execute } from '../../core/commands/context.ts';
import { systemActor } from '../../core/policies/actor.ts';
import type { MessageAnalysis } from '../../nlp/index.ts';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../test/test-app.ts';
import { backgroundSettled, until } from '../../test/wait.ts';
import { setAnalyzerForTests } from './workers/analyzer.ts';

let t: TestApp;
let acct: SeededAccount;
let sup: Session;

const scores = { neutral: 0, angry: 0, happy: 0, sad: 0, fear: 0, surprise: 0 };
function analysis(text: string): MessageAnalysis {
  const angry = /ridiculous|垃圾/i.test(text);
  const en = /[a-z]/i.test(text) && !/[\u4e00-\u9fff]/.test(text);
  return {
    language: en ? 'en' : 'zh',
    sentiment: { label: angry ? 'negative' : 'neutral', score: angry ? -0.6 : 0 },
    emotion: angry
      ? { label: 'angry', intensity: 0.7, scores: { ...scores, angry: 0.7, neutral: 0.3 } }
      : { label: 'neutral', intensity: 0, scores: { ...scores, neutral: 1 } },
    intent: angry ? { label: 'refund', confidence: 0.8 } : null,
    humanRequest: { detected: false },
    pii: [],
  } as MessageAnalysis;
}

beforeAll(async () => {
  setAnalyzerForTests(async (text) => analysis(text));
  t = await testApp();
  acct = await t.seedAccount();
  await execute(t.services, systemActor(acct.accountId, 'seed'), updateInbox, {
    inboxId: acct.inboxId,
    // The bot answers whatever it is asked from the demo knowledge (a bot that keeps the conversation).
    settings: {
      bot: { mode: 'on', demoKnowledge: true, policy: { answerThreshold: 0, minMargin: 0 } },
    },
  });
  sup = await t.login(acct.users.supervisor.email, 'password-123');
});
afterAll(async () => {
  setAnalyzerForTests(null);
  await t.close();
});

async function visitorSays(text: string) {
  const v = await t.visitor(acct.inboxToken);
  const r = await t.api('POST', '/widget/v1/messages', {
    token: v.token,
    body: { content: text, clientMessageId: `m-${Math.random().toString(36).slice(2)}` },
  });
  expect(r.status).toBe(201);
  return { token: v.token, conversationId: r.body.conversation.id as string };
}

const queue = async () =>
  (await t.api('GET', '/api/v1/routing/queue', { session: sup })).body.data as Array<{
    conversationId: string;
    position: number;
    anger: number;
    language: string | null;
    intent: string | null;
  }>;

describe('angry customers handed over by the bot', () => {
  it('enter the queue with the anger and language analysed while the bot had them, ahead of calmer customers', async () => {
    const calm = await visitorSays('hello, where is my parcel');
    const handover = await t.api('POST', '/widget/v1/handover', {
      token: calm.token,
      body: {},
    });
    expect(handover.status).toBeLessThan(300);
    await until(queue, (q) => q.some((r) => r.conversationId === calm.conversationId), {
      what: 'the calm customer queued',
    });

    // Angry, but below the bot's own escalation threshold: the bot keeps the conversation, and
    // routing sees the analysis while the conversation is not queued.
    const angry = await visitorSays('Where is my order? This is ridiculous, two weeks already!');
    await backgroundSettled(t.services.database.db, acct.accountId);
    const before = await t.api('GET', `/api/v1/conversations/${angry.conversationId}`, {
      session: sup,
    });
    expect(before.body.mode).toBe('bot');
    // Then the customer asks for a person.
    const asked = await t.api('POST', '/widget/v1/handover', { token: angry.token, body: {} });
    expect(asked.status).toBeLessThan(300);
    const q = await until(
      queue,
      (rows) => rows.some((r) => r.conversationId === angry.conversationId),
      { what: 'the angry customer queued' },
    );
    const row = q.find((r) => r.conversationId === angry.conversationId)!;
    expect(row).toMatchObject({
      anger: 0.7,
      emotion: 'angry',
      language: 'en',
      intent: 'refund',
      position: 1,
    });
    expect(q.find((r) => r.conversationId === calm.conversationId)?.position).toBe(2);
  });
});
