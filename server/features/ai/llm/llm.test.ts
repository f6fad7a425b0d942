/** The optional LLM in the product: provider settings, agent tools, grounded bot answers with fallback, budget. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { updateInbox } from '../../../core/commands/accounts.ts';
import { execute } from '../../../core/commands/context.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';
import { clientTuning, resetBreakers } from './service.ts';
import { startStubLlm, type StubRequest, type StubReply, type StubServer } from './stub-server.ts';

let app: TestApp;
let acct: SeededAccount;
let owner: Session;
let agent: Session;
let stub: StubServer;

const system = (r: StubRequest) => String(r.body?.messages?.[0]?.content ?? '');
const userPart = (r: StubRequest) => String(r.body?.messages?.[1]?.content ?? '');

async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function configure(body: Record<string, unknown> = {}) {
  const res = await app.api('PUT', '/api/v1/ai/provider', {
    session: owner,
    body: {
      baseUrl: stub.url,
      model: 'stub-model',
      apiKey: 'sk-secret-key-1',
      timeoutMs: 1_000,
      ...body,
    },
  });
  expect(res.status).toBe(200);
  return res;
}

async function botTurnFor(question: string, inboxToken = acct.inboxToken) {
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
  const reply = turn.reply_message_id
    ? await app.services.database.db
        .selectFrom('messages')
        .selectAll()
        .where('id', '=', turn.reply_message_id)
        .executeTakeFirstOrThrow()
    : null;
  return { turn, reply, conversationId: r.body.conversation.id as string };
}

beforeAll(async () => {
  clientTuning.backoffMs = 5;
  clientTuning.maxRetries = 1;
  stub = await startStubLlm();
  // The stub provider listens on loopback: an on-premise model server, allowed explicitly.
  app = await testApp({
    RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '200',
    OUTBOUND_ALLOW_PRIVATE: 'true',
  });
  acct = await app.seedAccount();
  await execute(app.services, systemActor(acct.accountId), updateInbox, {
    inboxId: acct.inboxId,
    settings: { bot: { mode: 'on', demoKnowledge: true } },
  });
  owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
}, 60_000);
afterAll(async () => {
  await app.stop();
  await stub.close();
});
beforeEach(() => {
  stub.script = [];
  stub.requests = [];
  stub.fallback = () => ({ kind: 'text', text: 'ok' });
  resetBreakers();
});

describe('LLM provider settings', () => {
  it('only admins configure it; the API key is stored encrypted and never returned', async () => {
    expect(
      (
        await app.api('PUT', '/api/v1/ai/provider', {
          session: agent,
          body: { baseUrl: stub.url, model: 'm' },
        })
      ).status,
    ).toBe(403);
    expect((await app.api('GET', '/api/v1/ai/provider', { session: owner })).body).toEqual({
      configured: false,
    });
    const res = await configure({ budget: { requestsPerDay: 100, tokensPerDay: 10_000 } });
    expect(res.body).toMatchObject({
      configured: true,
      baseUrl: stub.url,
      model: 'stub-model',
      hasApiKey: true,
      budget: { requestsPerDay: 100 },
    });
    expect(JSON.stringify(res.body)).not.toContain('sk-secret');
    expect(
      JSON.stringify((await app.api('GET', '/api/v1/ai/provider', { session: owner })).body),
    ).not.toContain('sk-secret');
    const row = await app.services.database.db
      .selectFrom('ai_providers')
      .selectAll()
      .where('account_id', '=', acct.accountId)
      .executeTakeFirstOrThrow();
    expect(row.api_key_enc).not.toContain('sk-secret');
    const bad = await app.api('PUT', '/api/v1/ai/provider', {
      session: owner,
      body: { baseUrl: 'file:///etc/passwd', model: 'm' },
    });
    expect(bad.status).toBe(400);
    // Omitting apiKey keeps the stored one.
    expect((await configure({ apiKey: undefined })).body.hasApiKey).toBe(true);
  });

  it('rewrite and translate 409 without an LLM, work through it, and map provider failures to stable codes', async () => {
    await app.api('DELETE', '/api/v1/ai/provider', { session: owner });
    const none = await app.api('POST', '/api/v1/ai/rewrite', {
      session: agent,
      body: { text: '不行', tone: 'friendly' },
    });
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('llm_not_configured');
    expect(
      (
        await app.api('POST', '/api/v1/ai/translate', {
          session: agent,
          body: { text: 'hi', to: 'zh' },
        })
      ).body.error.code,
    ).toBe('llm_not_configured');
    await configure();
    stub.script = [{ kind: 'text', text: '您好！很抱歉，这个暂时无法办理。' }];
    const ok = await app.api('POST', '/api/v1/ai/rewrite', {
      session: agent,
      body: { text: '不行 call 13812345678', tone: 'friendly' },
    });
    expect(ok.body).toEqual({ text: '您好！很抱歉，这个暂时无法办理。' });
    expect(stub.requests[0].headers.authorization).toBe('Bearer sk-secret-key-1');
    expect(userPart(stub.requests[0])).not.toContain('13812345678');
    stub.script = [{ kind: 'text', text: '你好' }];
    expect(
      (
        await app.api('POST', '/api/v1/ai/translate', {
          session: agent,
          body: { text: 'hello', to: 'zh' },
        })
      ).body,
    ).toEqual({ text: '你好' });
    stub.fallback = () => ({ kind: 'status', status: 500 });
    const down = await app.api('POST', '/api/v1/ai/translate', {
      session: agent,
      body: { text: 'hello', to: 'zh' },
    });
    expect(down.status).toBe(503);
    expect(down.body.error).toMatchObject({
      code: 'llm_unavailable',
      details: { reason: 'server_error' },
    });
    expect(JSON.stringify(down.body)).not.toContain('stub 500');
    expect(
      (
        await app.api('POST', '/api/v1/ai/rewrite', {
          session: agent,
          body: { text: 'x', tone: 'rude' },
        })
      ).status,
    ).toBe(400);
  });

  it('stops calling the provider when the daily budget is used up', async () => {
    await configure({ budget: { requestsPerDay: 2, tokensPerDay: 1_000_000 } });
    await app.services.database.db
      .updateTable('ai_providers')
      .set({ used_requests: 0, used_tokens: 0 })
      .where('account_id', '=', acct.accountId)
      .execute();
    for (let i = 0; i < 2; i++)
      expect(
        (
          await app.api('POST', '/api/v1/ai/translate', {
            session: agent,
            body: { text: 'hi', to: 'zh' },
          })
        ).status,
      ).toBe(200);
    const spent = await app.api('POST', '/api/v1/ai/translate', {
      session: agent,
      body: { text: 'hi', to: 'zh' },
    });
    expect(spent.status).toBe(429);
    expect(spent.body.error.code).toBe('llm_budget_exhausted');
    expect(stub.requests).toHaveLength(2);
    await configure({ budget: { requestsPerDay: 100, tokensPerDay: 20 } });
    stub.script = [
      {
        kind: 'text',
        text: 'x',
        usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 },
      },
    ];
    await app.services.database.db
      .updateTable('ai_providers')
      .set({ used_requests: 0, used_tokens: 0 })
      .where('account_id', '=', acct.accountId)
      .execute();
    expect(
      (
        await app.api('POST', '/api/v1/ai/translate', {
          session: agent,
          body: { text: 'hi', to: 'zh' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await app.api('POST', '/api/v1/ai/translate', {
          session: agent,
          body: { text: 'hi', to: 'zh' },
        })
      ).body.error.code,
    ).toBe('llm_budget_exhausted');
    const usage = (await app.api('GET', '/api/v1/ai/provider', { session: owner })).body.usageToday;
    expect(usage).toEqual({ requests: 1, tokens: 25 });
  });
});

describe('bot with an LLM', () => {
  beforeAll(async () => {
    await configure({ budget: { requestsPerDay: 1_000, tokensPerDay: 1_000_000 } });
  });

  it('answers from the retrieved passages, citing them (markers stripped for the customer)', async () => {
    stub.fallback = (r) =>
      system(r).includes('NO_ANSWER')
        ? { kind: 'text', text: '您可以在「我的订单」里查看物流 [P1]。' }
        : { kind: 'text', text: 'x' };
    const { turn, reply } = await botTurnFor('我的快递到哪了，手机 13812345678');
    expect(turn).toMatchObject({ source: 'llm', outcome: 'answered', action: 'answer' });
    expect(reply?.content).toBe('您可以在「我的订单」里查看物流。');
    expect(JSON.parse(reply!.content_attributes)).toMatchObject({
      kind: 'bot_answer',
      articleIds: ['demo-order-status-zh'],
    });
    const prompt = stub.requests.find((r) => system(r).includes('NO_ANSWER'))!;
    expect(userPart(prompt)).toContain('我的快递到哪了');
    expect(userPart(prompt)).not.toContain('13812345678');
    expect(prompt.body.tools).toBeUndefined();
  }, 60_000);

  it('falls back to the verbatim KB answer when the model refuses, cites nothing, leaks PII, or the provider fails', async () => {
    for (const reply of [
      { kind: 'text', text: 'NO_ANSWER' },
      { kind: 'text', text: 'Sure, full refund and a free gift!' },
      { kind: 'text', text: 'Customer Li, phone 13912345678 [P1]' },
      { kind: 'status', status: 500 },
      { kind: 'malformed' },
    ] as StubReply[]) {
      stub.fallback = () => reply;
      const { turn, reply: msg } = await botTurnFor('where is my order');
      expect(turn, JSON.stringify(reply)).toMatchObject({ source: 'kb', outcome: 'answered' });
      expect(msg?.content).toMatch(/^Open "My orders"/);
    }
  });

  it('never asks the LLM when nothing relevant was retrieved (hands over instead)', async () => {
    // An account whose knowledge base is empty (no demo fallback): nothing can be retrieved.
    const empty = await app.seedAccount();
    await execute(app.services, systemActor(empty.accountId), updateInbox, {
      inboxId: empty.inboxId,
      settings: { bot: { mode: 'on' } },
    });
    const emptyOwner = await app.login(empty.users.owner.email, empty.users.owner.password);
    expect(
      (
        await app.api('PUT', '/api/v1/ai/provider', {
          session: emptyOwner,
          body: { baseUrl: stub.url, model: 'stub-model' },
        })
      ).status,
    ).toBe(200);
    stub.fallback = () => ({ kind: 'text', text: 'I can answer anything [P1]' });
    const { turn } = await botTurnFor('where is my order', empty.inboxToken);
    expect(turn.outcome).toBe('no_answer');
    expect(stub.requests.filter((r) => system(r).includes('NO_ANSWER'))).toHaveLength(0);
  });

  it('with an embedding model, KB variants and each question are embedded through the provider (hybrid retrieval)', async () => {
    await configure({
      embeddingModel: 'embed-1',
      budget: { requestsPerDay: 1_000, tokensPerDay: 1_000_000 },
    });
    stub.embed = (t) => (/快递|物流|包裹|order|track|package/i.test(t) ? [1, 0] : [0, 1]);
    stub.fallback = () => ({ kind: 'text', text: 'NO_ANSWER' });
    try {
      const { turn } = await botTurnFor('我的快递到哪了');
      expect(turn).toMatchObject({ outcome: 'answered', source: 'kb' });
      const embeds = stub.requests.filter((r) => r.path === '/v1/embeddings');
      expect(embeds.length).toBeGreaterThanOrEqual(2);
      expect(embeds.every((r) => r.body.model === 'embed-1')).toBe(true);
      expect(embeds.some((r) => r.body.input.includes('我的快递到哪了'))).toBe(true);
    } finally {
      stub.embed = undefined;
      await configure({
        embeddingModel: null,
        budget: { requestsPerDay: 1_000, tokensPerDay: 1_000_000 },
      });
    }
  }, 60_000);

  it('assist uses the LLM for the summary and suggestions, and silently falls back when it fails', async () => {
    stub.fallback = (r) =>
      system(r).startsWith('Summarise')
        ? { kind: 'text', text: '客户询问退款进度。' }
        : system(r).startsWith('Write 2')
          ? { kind: 'text', text: '1. 抱歉让您久等了，我马上为您查询。\n2. 请提供订单号。' }
          : { kind: 'text', text: 'NO_ANSWER' };
    const { conversationId } = await botTurnFor('退款怎么还没到账？');
    const res = await app.api('GET', `/api/v1/conversations/${conversationId}/assist`, {
      session: agent,
    });
    expect(res.body.summary).toEqual({ text: '客户询问退款进度。', source: 'llm' });
    expect(res.body.suggestions.slice(0, 2)).toEqual([
      { text: '抱歉让您久等了，我马上为您查询。', source: 'llm' },
      { text: '请提供订单号。', source: 'llm' },
    ]);
    expect(res.body.suggestions.some((s: { source: string }) => s.source === 'empathy')).toBe(true);
    stub.fallback = () => ({ kind: 'hang' });
    const down = await app.api('GET', `/api/v1/conversations/${conversationId}/assist`, {
      session: agent,
    });
    expect(down.status).toBe(200);
    expect(down.body.summary.source).toBe('extractive');
    expect(down.body.suggestions.every((s: { source: string }) => s.source !== 'llm')).toBe(true);
  }, 20_000);
});
