/**
 * LLM provider settings (admins; the API key is stored encrypted and never returned) and the agent
 * tools that need an LLM: tone rewrite and translation (409 `llm_not_configured` without one).
 */
import { z } from 'zod';
import { execute, type Command } from '../../../core/commands/context.ts';
import { AppError, badInput, conflict } from '../../../core/errors.ts';
import { blockedLiteralHost } from '../../../core/infra/outbound.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { authorize } from '../../../core/policies/can.ts';
import type { Services } from '../../../core/services.ts';
import { dayOf } from './budget.ts';
import { LlmError } from './client.ts';
import { TONES } from './prompts.ts';
import { seal } from './secret-box.ts';
import { llmFor, type LlmHandle } from './service.ts';
import { rewrite, translate } from './tasks.ts';
import { aiResponses } from '../responses.ts';

const ProviderBody = z.strictObject({
  baseUrl: z
    .string()
    .trim()
    .max(500)
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
  model: z.string().trim().min(1).max(200),
  embeddingModel: z.string().trim().min(1).max(200).nullable().optional(),
  /** Omitted: keep the stored key; null: remove it. */
  apiKey: z.string().min(1).max(500).nullable().optional(),
  timeoutMs: z.number().int().min(1_000).max(120_000).default(15_000),
  budget: z
    .strictObject({
      requestsPerDay: z.number().int().min(0).max(10_000_000),
      tokensPerDay: z.number().int().min(0).max(1_000_000_000),
    })
    .default({ requestsPerDay: 1_000, tokensPerDay: 1_000_000 }),
});
type ProviderInput = z.infer<typeof ProviderBody> & { secret: string };

export const setAiProvider: Command<ProviderInput, void> = async (ctx, input) => {
  authorize(ctx.actor, 'account.manage');
  const existing = await ctx.tx
    .selectFrom('ai_providers')
    .select(['api_key_enc', 'usage_day', 'used_requests', 'used_tokens'])
    .where('account_id', '=', ctx.accountId)
    .executeTakeFirst();
  const apiKeyEnc =
    input.apiKey === undefined
      ? (existing?.api_key_enc ?? null)
      : input.apiKey === null
        ? null
        : seal(input.secret, input.apiKey);
  const row = {
    base_url: input.baseUrl,
    model: input.model,
    embedding_model: input.embeddingModel ?? null,
    api_key_enc: apiKeyEnc,
    timeout_ms: input.timeoutMs,
    budget_requests_per_day: input.budget.requestsPerDay,
    budget_tokens_per_day: input.budget.tokensPerDay,
    updated_at: ctx.now,
  };
  if (existing)
    await ctx.tx
      .updateTable('ai_providers')
      .set(row)
      .where('account_id', '=', ctx.accountId)
      .execute();
  else
    await ctx.tx
      .insertInto('ai_providers')
      .values({
        account_id: ctx.accountId,
        ...row,
        usage_day: dayOf(ctx.now),
        used_requests: 0,
        used_tokens: 0,
        created_at: ctx.now,
      })
      .execute();
};

export const removeAiProvider: Command<void, void> = async (ctx) => {
  authorize(ctx.actor, 'account.manage');
  await ctx.tx.deleteFrom('ai_providers').where('account_id', '=', ctx.accountId).execute();
};

async function presentProvider(services: Services, accountId: string) {
  const row = await services.database.db
    .selectFrom('ai_providers')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) return { configured: false as const };
  const today = row.usage_day === dayOf(services.clock.now());
  return {
    configured: true as const,
    baseUrl: row.base_url,
    model: row.model,
    embeddingModel: row.embedding_model,
    hasApiKey: !!row.api_key_enc,
    timeoutMs: Number(row.timeout_ms),
    budget: {
      requestsPerDay: Number(row.budget_requests_per_day),
      tokensPerDay: Number(row.budget_tokens_per_day),
    },
    usageToday: {
      requests: today ? Number(row.used_requests) : 0,
      tokens: today ? Number(row.used_tokens) : 0,
    },
  };
}

async function requireLlm(services: Services, accountId: string): Promise<LlmHandle> {
  const llm = await llmFor(services, accountId);
  if (!llm)
    throw conflict('llm_not_configured', 'No AI language model is configured for this account.');
  return llm;
}

/** Provider failures become stable API errors (never the provider's own message). */
async function viaLlm<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof LlmError && err.code === 'budget_exhausted')
      throw new AppError('llm_budget_exhausted', 429, 'The daily AI budget is used up.');
    if (err instanceof LlmError)
      throw new AppError(
        'llm_unavailable',
        503,
        'The AI language model is unavailable, try again later.',
        { reason: err.code },
      );
    throw err;
  }
}

const Text = z.string().trim().min(1).max(4000);

export const llmRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/ai/provider',
    auth: 'user',
    summary: 'LLM provider settings (never the API key)',
    tags: ['ai'],
    response: aiResponses.Provider,
    handler: async ({ actor, services }) => {
      authorize(actor, 'account.manage');
      return presentProvider(services, actor.accountId);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/ai/provider',
    auth: 'user',
    summary: 'Configure an OpenAI-compatible LLM provider',
    tags: ['ai'],
    response: aiResponses.Provider,
    body: ProviderBody,
    handler: async ({ actor, body, services }) => {
      // The SSRF guard also refuses names that resolve to such addresses, at every request.
      if (blockedLiteralHost(new URL(body.baseUrl), services.config.allowPrivateOutbound))
        throw badInput(
          'invalid_request',
          'The base URL points to a private or local address. An on-premise model server needs OUTBOUND_ALLOW_PRIVATE=true.',
          [{ path: 'baseUrl', message: 'private or local address' }],
        );
      await execute(services, actor, setAiProvider, { ...body, secret: services.secret });
      return presentProvider(services, actor.accountId);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/ai/provider',
    auth: 'user',
    summary: 'Remove the LLM provider (back to offline AI only)',
    tags: ['ai'],
    status: 204,
    handler: async ({ actor, services }) => {
      await execute(services, actor, removeAiProvider, undefined);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/ai/rewrite',
    auth: 'user',
    summary: 'Rewrite a draft reply in another tone (needs an LLM)',
    tags: ['ai'],
    response: aiResponses.Text,
    body: z.strictObject({ text: Text, tone: z.enum(TONES) }),
    handler: async ({ actor, body, services }) => {
      authorize(actor, 'message.send');
      const llm = await requireLlm(services, actor.accountId);
      return { text: await viaLlm(() => rewrite(llm, body.text, body.tone)) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/ai/translate',
    auth: 'user',
    summary: 'Translate a message (needs an LLM)',
    tags: ['ai'],
    response: aiResponses.Text,
    body: z.strictObject({ text: Text, to: z.enum(['zh', 'en']) }),
    handler: async ({ actor, body, services }) => {
      authorize(actor, 'message.send');
      const llm = await requireLlm(services, actor.accountId);
      return { text: await viaLlm(() => translate(llm, body.text, body.to)) };
    },
  }),
];
