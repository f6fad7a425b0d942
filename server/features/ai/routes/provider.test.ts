/** LLM provider settings (admins, key never returned) and the agent tools through it, with the daily budget. */
import { describe, expect, it } from 'vitest';
import { llmSuite, userPart } from '../test/llm-app.ts';

const t = llmSuite();
const { configure } = t;

describe('LLM provider settings', () => {
  it('only admins configure it; the API key is stored encrypted and never returned', async () => {
    expect(
      (
        await t.app.api('PUT', '/api/v1/ai/provider', {
          session: t.agent,
          body: { baseUrl: t.stub.url, model: 'm' },
        })
      ).status,
    ).toBe(403);
    expect((await t.app.api('GET', '/api/v1/ai/provider', { session: t.owner })).body).toEqual({
      configured: false,
    });
    const res = await configure({ budget: { requestsPerDay: 100, tokensPerDay: 10_000 } });
    expect(res.body).toMatchObject({
      configured: true,
      baseUrl: t.stub.url,
      model: 'stub-model',
      hasApiKey: true,
      budget: { requestsPerDay: 100 },
    });
    expect(JSON.stringify(res.body)).not.toContain('sk-secret');
    expect(
      JSON.stringify((await t.app.api('GET', '/api/v1/ai/provider', { session: t.owner })).body),
    ).not.toContain('sk-secret');
    const row = await t.app.services.database.db
      .selectFrom('ai_providers')
      .selectAll()
      .where('account_id', '=', t.acct.accountId)
      .executeTakeFirstOrThrow();
    expect(row.api_key_enc).not.toContain('sk-secret');
    const bad = await t.app.api('PUT', '/api/v1/ai/provider', {
      session: t.owner,
      body: { baseUrl: 'file:///etc/passwd', model: 'm' },
    });
    expect(bad.status).toBe(400);
    // Omitting apiKey keeps the stored one.
    expect((await configure({ apiKey: undefined })).body.hasApiKey).toBe(true);
  });

  it('rewrite and translate 409 without an LLM, work through it, and map provider failures to stable codes', async () => {
    await t.app.api('DELETE', '/api/v1/ai/provider', { session: t.owner });
    const none = await t.app.api('POST', '/api/v1/ai/rewrite', {
      session: t.agent,
      body: { text: '不行', tone: 'friendly' },
    });
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('llm_not_configured');
    expect(
      (
        await t.app.api('POST', '/api/v1/ai/translate', {
          session: t.agent,
          body: { text: 'hi', to: 'zh' },
        })
      ).body.error.code,
    ).toBe('llm_not_configured');
    await configure();
    t.stub.script = [{ kind: 'text', text: '您好！很抱歉，这个暂时无法办理。' }];
    const ok = await t.app.api('POST', '/api/v1/ai/rewrite', {
      session: t.agent,
      body: { text: '不行 call 13812345678', tone: 'friendly' },
    });
    expect(ok.body).toEqual({ text: '您好！很抱歉，这个暂时无法办理。' });
    expect(t.stub.requests[0].headers.authorization).toBe('Bearer sk-secret-key-1');
    expect(userPart(t.stub.requests[0])).not.toContain('13812345678');
    t.stub.script = [{ kind: 'text', text: '你好' }];
    expect(
      (
        await t.app.api('POST', '/api/v1/ai/translate', {
          session: t.agent,
          body: { text: 'hello', to: 'zh' },
        })
      ).body,
    ).toEqual({ text: '你好' });
    t.stub.fallback = () => ({ kind: 'status', status: 500 });
    const down = await t.app.api('POST', '/api/v1/ai/translate', {
      session: t.agent,
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
        await t.app.api('POST', '/api/v1/ai/rewrite', {
          session: t.agent,
          body: { text: 'x', tone: 'rude' },
        })
      ).status,
    ).toBe(400);
  });

  it('stops calling the provider when the daily budget is used up', async () => {
    await configure({ budget: { requestsPerDay: 2, tokensPerDay: 1_000_000 } });
    await t.app.services.database.db
      .updateTable('ai_providers')
      .set({ used_requests: 0, used_tokens: 0 })
      .where('account_id', '=', t.acct.accountId)
      .execute();
    for (let i = 0; i < 2; i++)
      expect(
        (
          await t.app.api('POST', '/api/v1/ai/translate', {
            session: t.agent,
            body: { text: 'hi', to: 'zh' },
          })
        ).status,
      ).toBe(200);
    const spent = await t.app.api('POST', '/api/v1/ai/translate', {
      session: t.agent,
      body: { text: 'hi', to: 'zh' },
    });
    expect(spent.status).toBe(429);
    expect(spent.body.error.code).toBe('llm_budget_exhausted');
    expect(t.stub.requests).toHaveLength(2);
    await configure({ budget: { requestsPerDay: 100, tokensPerDay: 20 } });
    t.stub.script = [
      {
        kind: 'text',
        text: 'x',
        usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 },
      },
    ];
    await t.app.services.database.db
      .updateTable('ai_providers')
      .set({ used_requests: 0, used_tokens: 0 })
      .where('account_id', '=', t.acct.accountId)
      .execute();
    expect(
      (
        await t.app.api('POST', '/api/v1/ai/translate', {
          session: t.agent,
          body: { text: 'hi', to: 'zh' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await t.app.api('POST', '/api/v1/ai/translate', {
          session: t.agent,
          body: { text: 'hi', to: 'zh' },
        })
      ).body.error.code,
    ).toBe('llm_budget_exhausted');
    const usage = (await t.app.api('GET', '/api/v1/ai/provider', { session: t.owner })).body
      .usageToday;
    expect(usage).toEqual({ requests: 1, tokens: 25 });
  });
});
