/**
 * Who an SSO identity is in Kefu: the user with that email in the account that started the sign-in,
 * or a new one created just in time with the account's default role. An email that belongs to a user
 * of another account is refused (emails are unique across accounts, and one tenant's IdP never signs
 * anybody in to another tenant); so are disabled users, domains the account does not allow, and
 * unverified emails unless the account trusts its IdP's emails.
 */
import { createUser } from '../../core/commands/accounts.ts';
import { execute } from '../../core/commands/context.ts';
import type { User } from '../../core/db/types.ts';
import { randomToken } from '../../core/lib/ids.ts';
import { systemActor } from '../../core/policies/actor.ts';
import type { Services } from '../../core/services.ts';
import { pickLocale } from '../../../shared/i18n.ts';
import { ssoError } from './errors.ts';
import { emailDomain, type SsoConfig } from './store.ts';

export interface Identity {
  email: unknown;
  emailVerified: unknown;
  name: unknown;
  preferredUsername?: unknown;
  locale?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

async function byEmail(services: Services, email: string) {
  return services.database.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email)
    .executeTakeFirst();
}

export async function resolveUser(
  services: Services,
  config: SsoConfig,
  identity: Identity,
): Promise<User> {
  const email = str(identity.email)?.toLowerCase();
  const domain = email ? emailDomain(email) : null;
  if (!email || !domain) throw ssoError('sso_email_missing');
  if (!config.allowedDomains.includes(domain)) throw ssoError('sso_domain_not_allowed');
  const verified = identity.emailVerified === true || identity.emailVerified === 'true';
  if (!verified && !config.trustEmails) throw ssoError('sso_email_unverified');
  let user = await byEmail(services, email);
  if (!user) user = await createJustInTime(services, config, email, identity);
  if (user.account_id !== config.accountId) throw ssoError('sso_email_other_account');
  if (user.disabled_at) throw ssoError('sso_user_disabled');
  return user;
}

async function createJustInTime(
  services: Services,
  config: SsoConfig,
  email: string,
  identity: Identity,
): Promise<User> {
  const account = await services.database.db
    .selectFrom('accounts')
    .select('locale')
    .where('id', '=', config.accountId)
    .executeTakeFirstOrThrow();
  const name = (str(identity.name) ?? str(identity.preferredUsername) ?? email.split('@')[0]).slice(
    0,
    100,
  );
  try {
    return await execute(services, systemActor(config.accountId, 'sso'), createUser, {
      email,
      name,
      password: randomToken(32), // never told to anybody: this user signs in with SSO
      role: config.defaultRole,
      locale: pickLocale(
        account.locale === 'en' ? 'en' : 'zh-CN',
        typeof identity.locale === 'string' ? identity.locale : null,
      ),
    });
  } catch (err) {
    // another sign-in created it at the same moment (or another account holds the email)
    if ((err as { code?: string }).code !== 'email_taken') throw err;
    const user = await byEmail(services, email);
    if (!user) throw err;
    return user;
  }
}
