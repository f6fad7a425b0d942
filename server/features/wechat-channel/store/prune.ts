/**
 * Keeps the inbound table small: processed deliveries (done, ignored) are needed only to refuse
 * the platform's retries, which come within seconds; after `keepMs` they go. Failed ones stay
 * (with their sealed document) for a person to look at.
 */
import type { Executor } from '../../../core/db/client.ts';

export const KEEP_MS = 7 * 24 * 3_600_000;

export async function pruneInbound(db: Executor, now: number, keepMs = KEEP_MS): Promise<number> {
  const r = await db
    .deleteFrom('wechat_inbound')
    .where('status', 'in', ['done', 'ignored'])
    .where('processed_at', '<', now - keepMs)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
