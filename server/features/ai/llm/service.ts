/**
 * The account's configured LLM as one handle: provider row → decrypted key → client with the
 * account's circuit breaker, every call budget-checked, charged and counted in /metrics.
 */
import type { Config } from '../../../core/config.ts';
import type { Database } from '../../../core/db/client.ts';
import type { Clock } from '../../../core/lib/clock.ts';
import { aiMetrics } from '../metrics.ts';
import { CircuitBreaker } from '../domain/breaker.ts';
import { charge, reserve } from '../store/budget.ts';
import {
  type ChatMessage,
  type ChatOptions,
  type ChatResult,
  createLlmClient,
  type LlmClient,
  LlmError,
} from './client.ts';
import { open } from './secret-box.ts';

export interface LlmDeps {
  database: Database;
  clock: Clock;
  secret: string;
  /** Only `allowPrivateOutbound` (the SSRF guard's switch); absent = guarded. */
  config?: Pick<Config, 'allowPrivateOutbound'>;
}

export interface LlmHandle {
  accountId: string;
  model: string;
  /** Set when the provider is configured with an embedding model (hybrid retrieval). */
  embeddingModel: string | null;
  chat(kind: string, messages: ChatMessage[], opts?: ChatOptions): Promise<ChatResult>;
  chatStream(
    kind: string,
    messages: ChatMessage[],
    onDelta: (t: string) => void,
    opts?: ChatOptions,
  ): Promise<ChatResult>;
  embed(kind: string, texts: string[]): Promise<number[][]>;
}

const breakers = new Map<string, CircuitBreaker>();

/** One breaker per account and provider URL (a new URL starts closed). */
export function breakerFor(accountId: string, baseUrl: string, now: () => number): CircuitBreaker {
  const key = `${accountId}|${baseUrl}`;
  let b = breakers.get(key);
  if (!b) {
    b = new CircuitBreaker({ threshold: 5, openMs: 30_000, now });
    breakers.set(key, b);
  }
  return b;
}

export function resetBreakers(): void {
  breakers.clear();
}

/** Client tuning for tests (fast backoff). */
export const clientTuning: { backoffMs?: number; maxRetries?: number } = {};

export async function llmFor(deps: LlmDeps, accountId: string): Promise<LlmHandle | null> {
  const row = await deps.database.db
    .selectFrom('ai_providers')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) return null;
  const apiKey = row.api_key_enc ? open(deps.secret, row.api_key_enc) : null;
  const client: LlmClient = createLlmClient(
    {
      baseUrl: row.base_url,
      model: row.model,
      embeddingModel: row.embedding_model,
      apiKey,
      timeoutMs: Number(row.timeout_ms),
      backoffMs: clientTuning.backoffMs,
      maxRetries: clientTuning.maxRetries,
    },
    {
      breaker: breakerFor(accountId, row.base_url, () => deps.clock.now()),
      allowPrivate: !!deps.config?.allowPrivateOutbound,
    },
  );
  const db = deps.database.db;

  async function metered<T>(
    kind: string,
    run: () => Promise<T>,
    tokensOf: (r: T) => number,
  ): Promise<T> {
    if (!(await reserve(db, accountId, deps.clock.now()))) {
      aiMetrics.llmRequests.inc({ kind, result: 'budget_exhausted' });
      throw new LlmError('budget_exhausted', 'the daily AI budget is used up');
    }
    try {
      const out = await run();
      await charge(db, accountId, tokensOf(out), deps.clock.now());
      aiMetrics.llmRequests.inc({ kind, result: 'ok' });
      return out;
    } catch (err) {
      aiMetrics.llmRequests.inc({ kind, result: err instanceof LlmError ? err.code : 'error' });
      throw err;
    }
  }

  return {
    accountId,
    model: row.model,
    embeddingModel: row.embedding_model,
    chat: (kind, messages, opts) =>
      metered(
        kind,
        () => client.chat(messages, opts),
        (r) => r.usage.totalTokens,
      ),
    chatStream: (kind, messages, onDelta, opts) =>
      metered(
        kind,
        () => client.chatStream(messages, onDelta, opts),
        (r) => r.usage.totalTokens,
      ),
    embed: (kind, texts) =>
      metered(
        kind,
        () => client.embed(texts),
        () => Math.ceil(texts.join('').length / 3),
      ),
  };
}

/** The provider's embeddings as a retrieval embedder (null without an embedding model). */
export function embedderOf(
  llm: LlmHandle | null,
): { model: string; embed(texts: string[]): Promise<number[][]> } | null {
  if (!llm?.embeddingModel) return null;
  return { model: llm.embeddingModel, embed: (texts) => llm.embed('embeddings', texts) };
}
