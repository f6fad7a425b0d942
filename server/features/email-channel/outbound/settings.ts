/**
 * An email inbox's SMTP relay settings: stored with the password and DKIM key sealed
 * (core/lib/secret-box.ts, bound to the inbox), read back as the relay nodemailer needs.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import type { Executor } from '../../../core/db/client.ts';
import { open, seal } from '../../../core/lib/secret-box.ts';
import { authorize } from '../../../core/policies/can.ts';
import type { EmailSmtpSettingsTable, SmtpSecurity } from './tables.ts';

export type SmtpRow = EmailSmtpSettingsTable;

const passwordPurpose = (inboxId: string) => `email-smtp-password:${inboxId}`;
const dkimPurpose = (inboxId: string) => `email-dkim-key:${inboxId}`;

export function getSmtpRow(
  db: Executor,
  accountId: string,
  inboxId: string,
): Promise<SmtpRow | undefined> {
  return db
    .selectFrom('email_smtp_settings')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('inbox_id', '=', inboxId)
    .executeTakeFirst();
}

/** What the relay needs to send (secrets opened). */
export interface Relay {
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string | null;
  password: string | null;
  fromAddress: string;
  fromName: string | null;
  dkim: { domain: string; selector: string; privateKey: string } | null;
  quoteHistory: boolean;
}

export function relayOf(row: SmtpRow, secret: string): Relay {
  const password = row.password_sealed
    ? open(secret, passwordPurpose(row.inbox_id), row.password_sealed)
    : null;
  const key = row.dkim_key_sealed
    ? open(secret, dkimPurpose(row.inbox_id), row.dkim_key_sealed)
    : null;
  return {
    host: row.host,
    port: Number(row.port),
    security: row.security,
    username: row.username,
    password,
    fromAddress: row.from_address,
    fromName: row.from_name,
    dkim:
      key && row.dkim_domain && row.dkim_selector
        ? { domain: row.dkim_domain, selector: row.dkim_selector, privateKey: key }
        : null,
    quoteHistory: !!Number(row.quote_history),
  };
}

export interface SaveSmtpInput {
  inboxId: string;
  serverSecret: string;
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string | null;
  /** undefined: keep the stored one; null: remove it. */
  password: string | null | undefined;
  fromAddress: string;
  fromName: string | null;
  /** null: no DKIM signing; privateKey undefined: keep the stored key. */
  dkim: { domain: string; selector: string; privateKey?: string } | null;
  quoteHistory: boolean;
}

/** Creates or replaces the settings (the caller checked the inbox belongs to the account). */
export async function saveSmtpSettings(
  ctx: CommandContext,
  input: SaveSmtpInput,
): Promise<SmtpRow> {
  authorize(ctx.actor, 'inbox.manage');
  const current = await getSmtpRow(ctx.tx, ctx.accountId, input.inboxId);
  const sealIf = (purpose: string, v: string | null | undefined, kept: string | null) =>
    v === undefined ? kept : v === null ? null : seal(input.serverSecret, purpose, v);
  const row: SmtpRow = {
    inbox_id: input.inboxId,
    account_id: ctx.accountId,
    host: input.host,
    port: input.port,
    security: input.security,
    username: input.username,
    password_sealed: sealIf(
      passwordPurpose(input.inboxId),
      input.password,
      current?.password_sealed ?? null,
    ),
    from_address: input.fromAddress,
    from_name: input.fromName,
    dkim_domain: input.dkim?.domain ?? null,
    dkim_selector: input.dkim?.selector ?? null,
    dkim_key_sealed: input.dkim
      ? sealIf(dkimPurpose(input.inboxId), input.dkim.privateKey, current?.dkim_key_sealed ?? null)
      : null,
    quote_history: input.quoteHistory ? 1 : 0,
    created_at: current ? Number(current.created_at) : ctx.now,
    updated_at: ctx.now,
  };
  const { inbox_id, account_id, created_at, ...changes } = row;
  await ctx.tx
    .insertInto('email_smtp_settings')
    .values(row)
    .onConflict((oc) => oc.column('inbox_id').doUpdateSet(changes))
    .execute();
  return row;
}
