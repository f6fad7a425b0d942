/**
 * Per-address delivery state from bounces: a permanent failure marks the address bounced, three
 * soft bounces too; a verified mail from the address clears it. Automatic mail checks it through
 * `mayAutoSend` (domain/auto-mail.ts); the outbound half reads it with `addressStateOf`.
 */
import type { Executor } from '../../../core/db/client.ts';
import type { BounceEffect, DsnRecipient } from '../domain/dsn.ts';
import type { EmailAddressStateTable } from '../tables.ts';

export const SOFT_BOUNCES_TO_BOUNCED = 3;

export async function addressStateOf(
  db: Executor,
  accountId: string,
  address: string,
): Promise<EmailAddressStateTable['state'] | null> {
  const row = await db
    .selectFrom('email_address_state')
    .select('state')
    .where('account_id', '=', accountId)
    .where('address', '=', address.toLowerCase())
    .executeTakeFirst();
  return row?.state ?? null;
}

export async function applyBounce(
  tx: Executor,
  accountId: string,
  r: DsnRecipient,
  effect: Exclude<BounceEffect, null>,
  now: number,
): Promise<EmailAddressStateTable['state']> {
  const current = await tx
    .selectFrom('email_address_state')
    .select(['state', 'bounces'])
    .where('account_id', '=', accountId)
    .where('address', '=', r.recipient)
    .executeTakeFirst();
  const bounces = Number(current?.bounces ?? 0) + 1;
  const state =
    effect === 'bounced' || current?.state === 'bounced' || bounces >= SOFT_BOUNCES_TO_BOUNCED
      ? 'bounced'
      : 'soft_bounce';
  const values = {
    state,
    bounces,
    last_status: r.status,
    last_action: r.action,
    last_diagnostic: r.diagnostic,
    updated_at: now,
  } as const;
  await tx
    .insertInto('email_address_state')
    .values({ account_id: accountId, address: r.recipient, ...values })
    .onConflict((oc) => oc.columns(['account_id', 'address']).doUpdateSet(values))
    .execute();
  return state;
}

/** A verified mail from the address: it works again. */
export async function clearBounces(
  tx: Executor,
  accountId: string,
  address: string,
  now: number,
): Promise<void> {
  await tx
    .updateTable('email_address_state')
    .set({ state: 'ok', bounces: 0, updated_at: now })
    .where('account_id', '=', accountId)
    .where('address', '=', address)
    .where('state', '!=', 'ok')
    .execute();
}
