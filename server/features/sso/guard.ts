/**
 * "SSO only": when an account has SSO switched on with `ssoOnly`, a password sign-in whose password
 * was right is refused with 403 `sso_required` — except for owners, who keep their password as the
 * break-glass way in (an IdP outage or a broken configuration must not lock the account out).
 * Registered in the core's password sign-in guards (core/kit/sign-in-guards.ts) by feature.ts.
 */
import type { User } from '../../core/db/types.ts';
import type { Services } from '../../core/services.ts';
import { ssoRequired } from './errors.ts';

export async function ssoOnlyGuard(services: Services, user: User): Promise<void> {
  if (user.role === 'owner') return;
  const row = await services.database.db
    .selectFrom('sso_configs')
    .select(['enabled', 'sso_only'])
    .where('account_id', '=', user.account_id)
    .executeTakeFirst();
  if (row && Number(row.enabled) === 1 && Number(row.sso_only) === 1) throw ssoRequired();
}
