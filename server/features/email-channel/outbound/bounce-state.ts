/** Whether the inbound half's bounce state (email_address_state) says an address bounces. */
import type { Executor } from '../../../core/db/client.ts';

/** Hard bounces and complaints suppress automatic mail; a soft bounce does not. */
const SUPPRESSING = ['bounced', 'complained'] as const;

export async function addressBounced(
  db: Executor,
  accountId: string,
  address: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('email_address_state')
    .select('state')
    .where('account_id', '=', accountId)
    .where('address', '=', address.trim().toLowerCase())
    .where('state', 'in', [...SUPPRESSING])
    .executeTakeFirst();
  return !!row;
}
