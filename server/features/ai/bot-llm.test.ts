/** The bot and agent assist with an LLM: grounded answers citing passages, fallbacks, hybrid retrieval. */
import { beforeAll, describe, expect, it } from 'vitest';
import { updateInbox } from '../../core/commands/accounts.ts';
import { execute } from '../../core/commands/context.ts';
import { systemActor } from '../../core/policies/actor.ts';
import type { StubReply } from './llm/stub-server.ts';
import { system, llmSuite, userPart } from './test/llm-app.ts';

const t = llmSuite();
const { configure, botTurnFor } = t;

describe('bot with an LLM', () => {
  beforeAll(async () => {
    await configure({ budget: { requestsPerDay: 1_000, tokensPerDay: 1_000_000 } });
  });

  it('answers from the retrieved passages, citing them (markers stripped for the customer)', async () => {
    t.stub.fallback = (r) =>
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
    const prompt = t.stub.requests.find((r) => system(r).includes('NO_ANSWER'))!;
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
      t.stub.fallback = () => reply;
      const { turn, reply: msg } = await botTurnFor('where is my order');
      expect(turn, JSON.stringify(reply)).toMatchObject({ source: 'kb', outcome: 'answered' });
      expect(msg?.content).toMatch(/^Open "My orders"/);
    }
  });

  it('never asks the LLM when nothing relevant was retrieved (offers a person instead)', async () => {
    // An account whose knowledge base is empty (no demo fallback): nothing can be retrieved.
    const empty = await t.app.seedAccount();
    await execute(t.app.services, systemActor(empty.accountId), updateInbox, {
      inboxId: empty.inboxId,
      settings: { bot: { mode: 'on' } },
    });
    const emptyOwner = await t.app.login(empty.users.owner.email, empty.users.owner.password);
    expect(
      (
        await t.app.api('PUT', '/api/v1/ai/provider', {
          session: emptyOwner,
          body: { baseUrl: t.stub.url, model: 'stub-model' },
        })
      ).status,
    ).toBe(200);
    t.stub.fallback = () => ({ kind: 'text', text: 'I can answer anything [P1]' });
    const { turn } = await botTurnFor('where is my order', empty.inboxToken);
    expect(turn).toMatchObject({ action: 'offer', outcome: 'no_answer' });
    expect(t.stub.requests.filter((r) => system(r).includes('NO_ANSWER'))).toHaveLength(0);
  });

  it('with an embedding model, KB variants and each question are embedded through the provider (hybrid retrieval)', async () => {
    await configure({
      embeddingModel: 'embed-1',
      budget: { requestsPerDay: 1_000, tokensPerDay: 1_000_000 },
    });
    t.stub.embed = (t) => (/快递|物流|包裹|order|track|package/i.test(t) ? [1, 0] : [0, 1]);
    t.stub.fallback = () => ({ kind: 'text', text: 'NO_ANSWER' });
    try {
      const { turn } = await botTurnFor('我的快递到哪了');
      expect(turn).toMatchObject({ outcome: 'answered', source: 'kb' });
      const embeds = t.stub.requests.filter((r) => r.path === '/v1/embeddings');
      expect(embeds.length).toBeGreaterThanOrEqual(2);
      expect(embeds.every((r) => r.body.model === 'embed-1')).toBe(true);
      expect(embeds.some((r) => r.body.input.includes('我的快递到哪了'))).toBe(true);
    } finally {
      t.stub.embed = undefined;
      await configure({
        embeddingModel: null,
        budget: { requestsPerDay: 1_000, tokensPerDay: 1_000_000 },
      });
    }
  }, 60_000);

  it('assist uses the LLM for the summary and suggestions, and silently falls back when it fails', async () => {
    t.stub.fallback = (r) =>
      system(r).startsWith('Summarise')
        ? { kind: 'text', text: '客户询问退款进度。' }
        : system(r).startsWith('Write 2')
          ? { kind: 'text', text: '1. 抱歉让您久等了，我马上为您查询。\n2. 请提供订单号。' }
          : { kind: 'text', text: 'NO_ANSWER' };
    const { conversationId } = await botTurnFor('退款怎么还没到账？');
    const res = await t.app.api('GET', `/api/v1/conversations/${conversationId}/assist`, {
      session: t.agent,
    });
    expect(res.body.summary).toEqual({ text: '客户询问退款进度。', source: 'llm' });
    expect(res.body.suggestions.slice(0, 2)).toEqual([
      { text: '抱歉让您久等了，我马上为您查询。', source: 'llm' },
      { text: '请提供订单号。', source: 'llm' },
    ]);
    expect(res.body.suggestions.some((s: { source: string }) => s.source === 'empathy')).toBe(true);
    t.stub.fallback = () => ({ kind: 'hang' });
    const down = await t.app.api('GET', `/api/v1/conversations/${conversationId}/assist`, {
      session: t.agent,
    });
    expect(down.status).toBe(200);
    expect(down.body.summary.source).toBe('extractive');
    expect(down.body.suggestions.every((s: { source: string }) => s.source !== 'llm')).toBe(true);
  }, 20_000);
});
