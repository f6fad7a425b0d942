import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../domain/breaker.ts';
import { createLlmClient, endpoint, LlmError } from './client.ts';
import { startStubLlm, type StubServer } from './stub-server.ts';

let stub: StubServer;
const sleeps: number[] = [];
// The stub provider listens on loopback: the SSRF guard is told to allow it (ssrf.test.ts tests the guard).
const fast = {
  allowPrivate: true,
  sleep: async (ms: number) => {
    sleeps.push(ms);
  },
  random: () => 0,
};
const client = (
  extra: Partial<Parameters<typeof createLlmClient>[0]> = {},
  breaker?: CircuitBreaker,
) =>
  createLlmClient(
    {
      baseUrl: stub.url,
      model: 'stub-model',
      apiKey: 'sk-test',
      timeoutMs: 3_000,
      maxRetries: 2,
      backoffMs: 100,
      ...extra,
    },
    { ...fast, breaker },
  );
const msgs = [{ role: 'user' as const, content: 'hi' }];

beforeAll(async () => {
  stub = await startStubLlm();
});
afterAll(async () => {
  await stub.close();
});
beforeEach(() => {
  stub.script = [];
  stub.requests = [];
  sleeps.length = 0;
});

describe('OpenAI-compatible client', () => {
  it('builds endpoints with or without /v1', () => {
    expect(endpoint('http://h:1', 'chat/completions')).toBe('http://h:1/v1/chat/completions');
    expect(endpoint('http://h:1/v1/', 'embeddings')).toBe('http://h:1/v1/embeddings');
  });

  it('chat: sends model, messages, the bearer key and no tools; returns text and usage', async () => {
    stub.script = [
      {
        kind: 'text',
        text: 'hello',
        usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 },
      },
    ];
    const r = await client().chat(msgs, { maxTokens: 50 });
    expect(r).toEqual({
      text: 'hello',
      usage: { promptTokens: 7, completionTokens: 2, totalTokens: 9 },
    });
    const req = stub.requests[0];
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer sk-test');
    expect(req.body).toMatchObject({
      model: 'stub-model',
      messages: msgs,
      stream: false,
      max_tokens: 50,
    });
    expect(req.body.tools).toBeUndefined();
  });

  it('retries 429 (honouring Retry-After) and 500 with exponential backoff, then succeeds', async () => {
    stub.script = [
      { kind: 'status', status: 429, retryAfter: 1 },
      { kind: 'status', status: 500 },
      { kind: 'text', text: 'third time' },
    ];
    expect((await client({ maxBackoffMs: 5_000 }).chat(msgs)).text).toBe('third time');
    expect(stub.requests).toHaveLength(3);
    expect(sleeps).toEqual([1000, 200]);
  });

  it('gives up after maxRetries with a typed error; 400 is not retried', async () => {
    stub.script = [
      { kind: 'status', status: 503 },
      { kind: 'status', status: 502 },
      { kind: 'status', status: 500 },
    ];
    await expect(client().chat(msgs)).rejects.toMatchObject({ code: 'server_error', status: 500 });
    expect(stub.requests).toHaveLength(3);
    stub.requests = [];
    stub.script = [{ kind: 'status', status: 400 }];
    await expect(client().chat(msgs)).rejects.toMatchObject({ code: 'http_error', status: 400 });
    expect(stub.requests).toHaveLength(1);
  });

  it('times out a hanging provider (and retries it)', async () => {
    stub.script = [{ kind: 'hang' }, { kind: 'hang' }];
    // The stub never answers: without the client's own deadline this call would hang until the test's timeout.
    await expect(client({ maxRetries: 1, timeoutMs: 200 }).chat(msgs)).rejects.toMatchObject({
      code: 'timeout',
    });
    expect(stub.requests).toHaveLength(2);
  });

  it('malformed JSON and a missing message are bad responses (not retried)', async () => {
    stub.script = [{ kind: 'malformed' }];
    await expect(client().chat(msgs)).rejects.toMatchObject({ code: 'bad_response' });
    expect(stub.requests).toHaveLength(1);
  });

  it('an unreachable provider is a network error', async () => {
    const c = createLlmClient(
      { baseUrl: 'http://127.0.0.1:1/v1', model: 'm', timeoutMs: 500, maxRetries: 0 },
      fast,
    );
    await expect(c.chat(msgs)).rejects.toMatchObject({ code: 'network' });
  });

  it('streams SSE deltas in order and returns the whole text', async () => {
    stub.script = [{ kind: 'stream', pieces: ['您好', '，', '我来', '帮您'] }];
    const got: string[] = [];
    const r = await client().chatStream(msgs, (t) => got.push(t));
    expect(got).toEqual(['您好', '，', '我来', '帮您']);
    expect(r.text).toBe('您好，我来帮您');
    expect(r.usage.totalTokens).toBeGreaterThan(0);
    expect(stub.requests[0].body.stream).toBe(true);
  });

  it('a stream cut before [DONE] is a bad response', async () => {
    stub.script = [{ kind: 'stream', pieces: ['half'], done: false }];
    await expect(client().chatStream(msgs, () => {})).rejects.toMatchObject({
      code: 'bad_response',
    });
  });

  it('embeddings come back in input order', async () => {
    const v = await client({ embeddingModel: 'embed-1' }).embed(['a', 'bbb']);
    expect(v).toEqual([
      [1, 1, 0],
      [3, 1, 0],
    ]);
    expect(stub.requests[0]).toMatchObject({
      path: '/v1/embeddings',
      body: { model: 'embed-1', input: ['a', 'bbb'] },
    });
  });

  it('the circuit opens after repeated failures (fails fast without calling), then a trial call closes it', async () => {
    let t = 0;
    const breaker = new CircuitBreaker({ threshold: 2, openMs: 1_000, now: () => t });
    const c = client({ maxRetries: 0 }, breaker);
    stub.fallback = () => ({ kind: 'status', status: 500 });
    await expect(c.chat(msgs)).rejects.toBeInstanceOf(LlmError);
    await expect(c.chat(msgs)).rejects.toMatchObject({ code: 'server_error' });
    expect(breaker.state).toBe('open');
    const calls = stub.requests.length;
    await expect(c.chat(msgs)).rejects.toMatchObject({ code: 'circuit_open' });
    expect(stub.requests.length).toBe(calls);
    t = 1_500;
    expect(breaker.state).toBe('half_open');
    await expect(c.chat(msgs)).rejects.toMatchObject({ code: 'server_error' }); // failed trial re-opens
    expect(breaker.state).toBe('open');
    t = 3_000;
    stub.fallback = () => ({ kind: 'text', text: 'back' });
    expect((await c.chat(msgs)).text).toBe('back');
    expect(breaker.state).toBe('closed');
  });
});
