/** Configure or remove the account's LLM provider (admins; the API key is sealed at rest). */
import type { Command } from '../../../core/commands/context.ts';
import { authorize } from '../../../core/policies/can.ts';
import type { ProviderInput } from '../domain/provider.ts';
import { seal } from '../llm/secret-box.ts';
import { dayOf } from '../store/budget.ts';

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
