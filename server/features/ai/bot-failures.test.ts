/** The bot end to end: access to assist and bot turns; a failing or stuck analysis worker. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededAccount, Session, TestApp } from '../../test/test-app.ts';
import { setAnalyzerForTests } from './workers/analyzer.ts';
import { eventually, metricValue, botApp, widgetSay } from './test/bot-app.ts';

let app: TestApp;
let acct: SeededAccount;
let agent: Session;

const say = (token: string, content: string, id: string) => widgetSay(app, token, content, id);

beforeAll(async () => {
  ({ app, acct, agent } = await botApp());
}, 60_000);
afterAll(async () => {
  setAnalyzerForTests(null);
  await app.stop();
});

describe('The bot end to end: failures and access', () => {
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
