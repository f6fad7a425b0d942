/**
 * Shared setup for the suites of the optional LLM in the product (routes/provider.test.ts,
 * bot-llm.test.ts): a stub OpenAI-compatible provider on loopback, a test app that may reach it, one
 * seeded account with the bot on (demo knowledge), its owner and agent signed in; the stub is reset
 * and the breakers closed before each test.
 */
import type { Selectable } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { updateInbox } from '../../../core/commands/accounts.ts';
import { execute } from '../../../core/commands/context.ts';
import type { DB } from '../../../core/db/types.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';
import { clientTuning, resetBreakers } from '../llm/service.ts';
import { startStubLlm, type StubRequest, type StubServer } from '../llm/stub-server.ts';
import { eventually } from './bot-app.ts';

export const system = (r: StubRequest) => String(r.body?.messages?.[0]?.content ?? '');
export const userPart = (r: StubRequest) => String(r.body?.messages?.[1]?.content ?? '');

export interface LlmApp {
  app: TestApp;
  acct: SeededAccount;
  owner: Session;
  agent: Session;
  stub: StubServer;
  /** The owner points the account at the stub provider (expects 200). */
  configure(body?: Record<string, unknown>): ReturnType<TestApp['api']>;
  /** A new visitor asks `question`; resolves once the bot's turn is stored, with its reply. */
  botTurnFor(
    question: string,
    inboxToken?: string,
  ): Promise<{
    turn: Selectable<DB['bot_turns']>;
    reply: Selectable<DB['messages']> | null;
    conversationId: string;
  }>;
}

const messageOf = (app: TestApp, id: string) =>
  app.services.database.db
    .selectFrom('messages')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** Registers the suite's hooks; the returned object is filled in before the first test. */
export function llmSuite(): LlmApp {
  const t = {} as LlmApp;
  t.configure = async (body = {}) => {
    const res = await t.app.api('PUT', '/api/v1/ai/provider', {
      session: t.owner,
      body: {
        baseUrl: t.stub.url,
        model: 'stub-model',
        apiKey: 'sk-secret-key-1',
        timeoutMs: 1_000,
        ...body,
      },
    });
    expect(res.status).toBe(200);
    return res;
  };
  t.botTurnFor = async (question, inboxToken = t.acct.inboxToken) => {
    const { app } = t;
    const v = await app.visitor(inboxToken);
    const r = await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: question, clientMessageId: 'q1' },
    });
    const turn = await eventually(
      () =>
        app.services.database.db
          .selectFrom('bot_turns')
          .selectAll()
          .where('question_message_id', '=', r.body.message.id)
          .executeTakeFirst(),
      45_000,
    );
    const reply = turn.reply_message_id ? await messageOf(app, turn.reply_message_id) : null;
    return { turn, reply, conversationId: r.body.conversation.id as string };
  };
  beforeAll(async () => {
    clientTuning.backoffMs = 5;
    clientTuning.maxRetries = 1;
    t.stub = await startStubLlm();
    // The stub provider listens on loopback: an on-premise model server, allowed explicitly.
    t.app = await testApp({
      RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '200',
      OUTBOUND_ALLOW_PRIVATE: 'true',
    });
    t.acct = await t.app.seedAccount();
    await execute(t.app.services, systemActor(t.acct.accountId), updateInbox, {
      inboxId: t.acct.inboxId,
      settings: { bot: { mode: 'on', demoKnowledge: true } },
    });
    t.owner = await t.app.login(t.acct.users.owner.email, t.acct.users.owner.password);
    t.agent = await t.app.login(t.acct.users.agent.email, t.acct.users.agent.password);
  }, 60_000);
  afterAll(async () => {
    await t.app.stop();
    await t.stub.close();
  });
  beforeEach(() => {
    t.stub.script = [];
    t.stub.requests = [];
    t.stub.fallback = () => ({ kind: 'text', text: 'ok' });
    resetBreakers();
  });
  return t;
}
