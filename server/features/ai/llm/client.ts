/**
 * OpenAI-compatible HTTP client (a local Ollama / vLLM / llama.cpp server or a hosted API):
 * POST {base}/chat/completions (plain or `stream: true` SSE) and POST {base}/embeddings.
 * Per-attempt timeout, retries with exponential backoff on 429 / 5xx / timeouts / network errors
 * (honouring Retry-After), an optional circuit breaker. Tools are never sent: the model can only
 * return text.
 */
import { guardedFetch, isBlocked } from '../../../core/infra/outbound.ts';
import type { CircuitBreaker } from '../domain/breaker.ts';

export interface LlmConfig {
  baseUrl: string;
  model: string;
  embeddingModel?: string | null;
  apiKey?: string | null;
  timeoutMs?: number;
  maxRetries?: number;
  /** Base backoff; attempt n waits base × 2^n (+ jitter), capped by maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}
export interface ChatResult {
  text: string;
  usage: Usage;
}
export interface ChatOptions {
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
}

export type LlmErrorCode =
  | 'timeout'
  | 'rate_limited'
  | 'server_error'
  | 'http_error'
  | 'bad_response'
  | 'network'
  | 'circuit_open'
  | 'budget_exhausted'
  | 'not_configured'
  | 'blocked_address';

export class LlmError extends Error {
  constructor(
    public readonly code: LlmErrorCode,
    message: string,
    public readonly status?: number,
    public readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'LlmError';
  }
  get retryable(): boolean {
    return (
      this.code === 'timeout' ||
      this.code === 'rate_limited' ||
      this.code === 'server_error' ||
      this.code === 'network'
    );
  }
}

export interface LlmClient {
  chat(messages: ChatMessage[], opts?: ChatOptions): Promise<ChatResult>;
  chatStream(
    messages: ChatMessage[],
    onDelta: (text: string) => void,
    opts?: ChatOptions,
  ): Promise<ChatResult>;
  embed(texts: string[]): Promise<number[][]>;
}

export interface ClientDeps {
  /** Default: fetch through the core's SSRF guard (no private addresses unless allowPrivate, no redirects). */
  fetch?: typeof fetch;
  allowPrivate?: boolean;
  sleep?: (ms: number) => Promise<void>;
  breaker?: CircuitBreaker;
  random?: () => number;
}

export function endpoint(baseUrl: string, path: 'chat/completions' | 'embeddings'): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${/\/v\d+$/.test(base) ? base : `${base}/v1`}/${path}`;
}

const EMPTY_USAGE: Usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

function usageOf(u: unknown, fallbackChars: number): Usage {
  const x = (u ?? {}) as {
    prompt_tokens?: unknown;
    completion_tokens?: unknown;
    total_tokens?: unknown;
  };
  const p = Number(x.prompt_tokens) || 0;
  const c = Number(x.completion_tokens) || 0;
  const t = Number(x.total_tokens) || p + c;
  // Providers that report no usage are charged an estimate (≈ 1 token per 3 characters).
  return t > 0
    ? { promptTokens: p, completionTokens: c, totalTokens: t }
    : { ...EMPTY_USAGE, totalTokens: Math.ceil(fallbackChars / 3) };
}

function retryAfterMs(res: Response): number | undefined {
  const h = res.headers.get('retry-after');
  if (!h) return undefined;
  const s = Number(h);
  return Number.isFinite(s) ? s * 1000 : undefined;
}

async function errorFor(res: Response): Promise<LlmError> {
  await res.body?.cancel().catch(() => {});
  if (res.status === 429)
    return new LlmError('rate_limited', 'provider rate limit (429)', 429, retryAfterMs(res));
  if (res.status >= 500)
    return new LlmError('server_error', `provider error (${res.status})`, res.status);
  if (res.status >= 300 && res.status < 400)
    return new LlmError(
      'http_error',
      `provider redirected (${res.status}): not followed`,
      res.status,
    );
  return new LlmError('http_error', `provider rejected the request (${res.status})`, res.status);
}

export function createLlmClient(cfg: LlmConfig, deps: ClientDeps = {}): LlmClient {
  const doFetch = deps.fetch ?? guardedFetch(!!deps.allowPrivate);
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = deps.random ?? Math.random;
  const timeoutMs = cfg.timeoutMs ?? 15_000;
  const maxRetries = cfg.maxRetries ?? 2;
  const headers = {
    'content-type': 'application/json',
    ...(cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {}),
  };

  /** One attempt: POST with a deadline covering the whole exchange (read included). */
  async function attempt<T>(
    url: string,
    body: unknown,
    read: (res: Response) => Promise<T>,
    outer?: AbortSignal,
  ): Promise<T> {
    const ctrl = new AbortController();
    const timer = setTimeout(
      () => ctrl.abort(new LlmError('timeout', `provider timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onOuter = () => ctrl.abort(outer?.reason);
    outer?.addEventListener('abort', onOuter, { once: true });
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: ctrl.signal,
      });
      if (!res.ok) throw await errorFor(res);
      return await read(res);
    } catch (err) {
      if (err instanceof LlmError) throw err;
      if (isBlocked(err))
        throw new LlmError('blocked_address', 'provider address is private or local');
      if (ctrl.signal.aborted && ctrl.signal.reason instanceof LlmError) throw ctrl.signal.reason;
      throw new LlmError('network', 'provider unreachable');
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    }
  }

  async function withRetries<T>(run: () => Promise<T>): Promise<T> {
    const breaker = deps.breaker;
    if (breaker && !breaker.allow()) throw new LlmError('circuit_open', 'provider circuit is open');
    for (let n = 0; ; n++) {
      try {
        const out = await run();
        breaker?.success();
        return out;
      } catch (err) {
        const e =
          err instanceof LlmError
            ? err
            : new LlmError('bad_response', 'unexpected provider response');
        if (!e.retryable || n >= maxRetries) {
          breaker?.failure();
          throw e;
        }
        const base = Math.min((cfg.backoffMs ?? 250) * 2 ** n, cfg.maxBackoffMs ?? 4_000);
        await sleep(
          Math.min(
            Math.max(e.retryAfterMs ?? 0, base * (1 + 0.2 * random())),
            cfg.maxBackoffMs ?? 4_000,
          ),
        );
      }
    }
  }

  const chatBody = (messages: ChatMessage[], opts: ChatOptions, stream: boolean) => ({
    model: cfg.model,
    messages,
    stream,
    temperature: opts.temperature ?? 0.2,
    ...(opts.maxTokens ? { max_tokens: opts.maxTokens } : {}),
  });
  const promptChars = (messages: ChatMessage[]) =>
    messages.reduce((n, m) => n + m.content.length, 0);

  return {
    chat: (messages, opts = {}) =>
      withRetries(() =>
        attempt(
          endpoint(cfg.baseUrl, 'chat/completions'),
          chatBody(messages, opts, false),
          async (res) => {
            let json: { choices?: Array<{ message?: { content?: unknown } }>; usage?: unknown };
            try {
              json = await res.json();
            } catch {
              throw new LlmError('bad_response', 'provider sent malformed JSON');
            }
            const text = json?.choices?.[0]?.message?.content;
            if (typeof text !== 'string')
              throw new LlmError('bad_response', 'provider response has no message content');
            return { text, usage: usageOf(json.usage, promptChars(messages) + text.length) };
          },
          opts.signal,
        ),
      ),

    chatStream: (messages, onDelta, opts = {}) =>
      withRetries(() =>
        attempt(
          endpoint(cfg.baseUrl, 'chat/completions'),
          chatBody(messages, opts, true),
          async (res) => {
            const { text, usage } = await readSse(res, onDelta);
            return { text, usage: usageOf(usage, promptChars(messages) + text.length) };
          },
          opts.signal,
        ),
      ),

    embed: (texts) =>
      withRetries(() =>
        attempt(
          endpoint(cfg.baseUrl, 'embeddings'),
          { model: cfg.embeddingModel ?? cfg.model, input: texts },
          async (res) => {
            let json: { data?: Array<{ embedding?: unknown; index?: number }> };
            try {
              json = await res.json();
            } catch {
              throw new LlmError('bad_response', 'provider sent malformed JSON');
            }
            const data = json?.data;
            if (!Array.isArray(data) || data.length !== texts.length)
              throw new LlmError('bad_response', 'embedding count mismatch');
            const sorted = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
            return sorted.map((d) => {
              if (!Array.isArray(d.embedding) || d.embedding.some((x) => typeof x !== 'number'))
                throw new LlmError('bad_response', 'malformed embedding');
              return d.embedding as number[];
            });
          },
        ),
      ),
  };
}

/** Reads an SSE chat stream (`data: {json}` lines, `data: [DONE]`), calling onDelta per content piece. */
export async function readSse(
  res: Response,
  onDelta: (text: string) => void,
): Promise<{ text: string; usage: unknown }> {
  if (!res.body) throw new LlmError('bad_response', 'empty stream');
  const decoder = new TextDecoder();
  let buf = '',
    text = '',
    usage: unknown = null,
    done = false;
  const reader = res.body.getReader();
  const handleLine = (line: string) => {
    if (!line.startsWith('data:')) return;
    const data = line.slice(5).trim();
    if (data === '[DONE]') {
      done = true;
      return;
    }
    let chunk: { choices?: Array<{ delta?: { content?: unknown } }>; usage?: unknown };
    try {
      chunk = JSON.parse(data);
    } catch {
      throw new LlmError('bad_response', 'malformed stream chunk');
    }
    const piece = chunk.choices?.[0]?.delta?.content;
    if (typeof piece === 'string' && piece) {
      text += piece;
      onDelta(piece);
    }
    if (chunk.usage) usage = chunk.usage;
  };
  while (!done) {
    const { value, done: eof } = await reader.read();
    if (eof) break;
    buf += decoder.decode(value, { stream: true });
    let nl: number;
    while (!done && (nl = buf.indexOf('\n')) >= 0) {
      handleLine(buf.slice(0, nl).replace(/\r$/, ''));
      buf = buf.slice(nl + 1);
    }
  }
  if (!done && buf.trim()) handleLine(buf.trim());
  await reader.cancel().catch(() => {});
  if (!done) throw new LlmError('bad_response', 'stream ended without [DONE]');
  return { text, usage };
}
