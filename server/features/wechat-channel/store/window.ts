/** The reply windows table: read one, write the window after an interaction, consume messages. */
import type { Executor } from '../../../core/db/client.ts';
import type { ReplyWindow } from '../domain/window.ts';

export interface WindowKey {
  accountId: string;
  inboxId: string;
  openId: string;
}

export async function readWindow(db: Executor, k: WindowKey): Promise<ReplyWindow | null> {
  const row = await db
    .selectFrom('wechat_windows')
    .selectAll()
    .where('account_id', '=', k.accountId)
    .where('inbox_id', '=', k.inboxId)
    .where('open_id', '=', k.openId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    kind: row.kind,
    quota: Number(row.quota),
    used: Number(row.used),
    openedAt: Number(row.opened_at),
    closesAt: Number(row.closes_at),
  };
}

export async function writeWindow(
  db: Executor,
  k: WindowKey,
  w: ReplyWindow,
  now: number,
): Promise<void> {
  const values = {
    kind: w.kind,
    quota: w.quota,
    used: w.used,
    opened_at: w.openedAt,
    closes_at: w.closesAt,
    updated_at: now,
  };
  await db
    .insertInto('wechat_windows')
    .values({ account_id: k.accountId, inbox_id: k.inboxId, open_id: k.openId, ...values })
    .onConflict((oc) => oc.columns(['inbox_id', 'open_id']).doUpdateSet(values))
    .execute();
}

/**
 * Takes `parts` messages from the window if it is open and has them, in one conditional UPDATE
 * (concurrent senders cannot both take the last one). True when taken.
 */
export async function takeFromWindow(
  db: Executor,
  k: WindowKey,
  parts: number,
  now: number,
): Promise<boolean> {
  const r = await db
    .updateTable('wechat_windows')
    .set((eb) => ({ used: eb('used', '+', parts), updated_at: now }))
    .where('account_id', '=', k.accountId)
    .where('inbox_id', '=', k.inboxId)
    .where('open_id', '=', k.openId)
    .where('closes_at', '>', now)
    .where((eb) => eb(eb('used', '+', parts), '<=', eb.ref('quota')))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The platform said the window is shut (45015, 45047, 43004): nothing more until the user writes. */
export async function closeWindow(db: Executor, k: WindowKey, now: number): Promise<void> {
  await db
    .updateTable('wechat_windows')
    .set({ closes_at: now, updated_at: now })
    .where('account_id', '=', k.accountId)
    .where('inbox_id', '=', k.inboxId)
    .where('open_id', '=', k.openId)
    .where('closes_at', '>', now)
    .execute();
}
