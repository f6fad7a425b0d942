/** Reading and saving an account's SSO settings, and finding the account a sign-in starts with. */
import type { CommandContext } from '../../core/commands/context.ts';
import type { Executor } from '../../core/db/client.ts';
import { conflict } from '../../core/errors.ts';
import { authorize } from '../../core/policies/can.ts';
import type { SsoConfigsTable } from './tables.ts';

export type SsoRole = SsoConfigsTable['default_role'];

export interface SsoConfig {
  accountId: string;
  enabled: boolean;
  issuer: string;
  clientId: string;
  clientSecretSealed: string | null;
  allowedDomains: string[];
  defaultRole: SsoRole;
  ssoOnly: boolean;
  trustEmails: boolean;
  updatedAt: number;
}

/** The client secret is sealed (core/lib/secret-box.ts) for its account: a copy in another row does not open. */
export const secretPurpose = (accountId: string) => `sso-client-secret:${accountId}`;

export function toConfig(row: SsoConfigsTable): SsoConfig {
  return {
    accountId: row.account_id,
    enabled: Number(row.enabled) === 1,
    issuer: row.issuer,
    clientId: row.client_id,
    clientSecretSealed: row.client_secret_sealed,
    allowedDomains: JSON.parse(row.allowed_domains) as string[],
    defaultRole: row.default_role,
    ssoOnly: Number(row.sso_only) === 1,
    trustEmails: Number(row.trust_emails) === 1,
    updatedAt: Number(row.updated_at),
  };
}

export async function getConfig(db: Executor, accountId: string): Promise<SsoConfig | null> {
  const row = await db
    .selectFrom('sso_configs')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row ? toConfig(row) : null;
}

/** The domain part of an email address, lower-cased (null when there is none). */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  const domain =
    at > 0
      ? email
          .slice(at + 1)
          .trim()
          .toLowerCase()
      : '';
  return domain || null;
}

/** The account that claimed an email's domain, or the account with this slug. */
export async function findAccountFor(
  db: Executor,
  by: { email?: string; slug?: string },
): Promise<string | null> {
  if (by.email) {
    const domain = emailDomain(by.email);
    if (!domain) return null;
    const row = await db
      .selectFrom('sso_domains')
      .select('account_id')
      .where('domain', '=', domain)
      .executeTakeFirst();
    return row?.account_id ?? null;
  }
  if (by.slug) {
    const row = await db
      .selectFrom('accounts')
      .select('id')
      .where('slug', '=', by.slug.trim().toLowerCase())
      .executeTakeFirst();
    return row?.id ?? null;
  }
  return null;
}

export interface SaveConfigInput {
  enabled: boolean;
  issuer: string;
  clientId: string;
  /** Already sealed; undefined keeps the stored secret. */
  clientSecretSealed?: string;
  allowedDomains: string[];
  defaultRole: SsoRole;
  ssoOnly: boolean;
  trustEmails: boolean;
}

/** Saves the account's settings and claims its domains (a domain another account claimed: 409). */
export async function saveConfig(ctx: CommandContext, input: SaveConfigInput): Promise<SsoConfig> {
  authorize(ctx.actor, 'account.manage');
  const domains = [...new Set(input.allowedDomains)];
  if (domains.length) {
    const taken = await ctx.tx
      .selectFrom('sso_domains')
      .select('domain')
      .where('domain', 'in', domains)
      .where('account_id', '!=', ctx.accountId)
      .executeTakeFirst();
    if (taken)
      throw conflict(
        'sso_domain_taken',
        `The domain ${taken.domain} already signs in to another account.`,
      );
  }
  const values = {
    enabled: input.enabled ? 1 : 0,
    issuer: input.issuer,
    client_id: input.clientId,
    ...(input.clientSecretSealed !== undefined
      ? { client_secret_sealed: input.clientSecretSealed }
      : {}),
    allowed_domains: JSON.stringify(domains),
    default_role: input.defaultRole,
    sso_only: input.ssoOnly ? 1 : 0,
    trust_emails: input.trustEmails ? 1 : 0,
    updated_by: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
    updated_at: ctx.now,
  };
  const row = await ctx.tx
    .insertInto('sso_configs')
    .values({
      account_id: ctx.accountId,
      client_secret_sealed: null,
      created_at: ctx.now,
      ...values,
    })
    .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.tx.deleteFrom('sso_domains').where('account_id', '=', ctx.accountId).execute();
  if (domains.length)
    await ctx.tx
      .insertInto('sso_domains')
      .values(domains.map((domain) => ({ domain, account_id: ctx.accountId })))
      .execute();
  return toConfig(row);
}
