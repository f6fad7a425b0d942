/**
 * Per-account daily budget (requests and tokens), kept in the ai_providers row so every node
 * shares it. `reserve` claims one request atomically before a call; `charge` adds the tokens used.
 */
import { sql } from 'kysely';
import type { Executor } from '../../../core/db/client.ts';

export const dayOf = (now: number) => new Date(now).toISOString().slice(0, 10);

/** True when a request may go out now (and counts it); false when today's budget is spent. */
export async function reserve(db: Executor, accountId: string, now: number): Promise<boolean> {
  const day = dayOf(now);
  await db
    .updateTable('ai_providers')
    .set({ usage_day: day, used_requests: 0, used_tokens: 0 })
    .where('account_id', '=', accountId)
    .where('usage_day', '<>', day)
    .execute();
  const r = await db
    .updateTable('ai_providers')
    .set({ used_requests: sql`used_requests + 1` })
    .where('account_id', '=', accountId)
    .where('usage_day', '=', day)
    .whereRef('used_requests', '<', 'budget_requests_per_day')
    .whereRef('used_tokens', '<', 'budget_tokens_per_day')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function charge(
  db: Executor,
  accountId: string,
  tokens: number,
  now: number,
): Promise<void> {
  if (tokens <= 0) return;
  await db
    .updateTable('ai_providers')
    .set({ used_tokens: sql`used_tokens + ${Math.ceil(tokens)}` })
    .where('account_id', '=', accountId)
    .where('usage_day', '=', dayOf(now))
    .execute();
}
