/** The account's LLM provider as admins read it: settings, budget, today's usage, never the key. */
import type { Services } from '../../../core/services.ts';
import { dayOf } from './budget.ts';

export async function presentProvider(services: Services, accountId: string) {
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
