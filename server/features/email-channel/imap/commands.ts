/**
 * Saving and removing an inbox's IMAP settings (admins: `inbox.manage`). The password is sealed at
 * rest (core/lib/secret-box.ts, for this inbox) and kept when a save leaves it out. Another
 * account's inbox is an unknown inbox (404); only email inboxes take IMAP settings.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { AppError, invalid, notFound } from '../../../core/errors.ts';
import { authorize } from '../../../core/policies/can.ts';
import type { ImapSettingsRow } from './store.ts';
import type { ImapSecurity } from './tables.ts';

export interface ImapSettingsInput {
  inboxId: string;
  enabled: boolean;
  host: string;
  port: number;
  security: ImapSecurity;
  username: string;
  /** Already sealed; undefined keeps the stored one. */
  passwordSealed?: string;
  mailbox: string;
  markSeen: boolean;
  /** How far back the first sync reaches (days before the settings were created); null: all mail. */
  importDays: number | null;
}

export const notEmailInbox = () =>
  new AppError('imap_inbox_not_email', 400, 'IMAP settings belong to email inboxes only.');

/** The caller's inbox (404 for unknown or another account's), which must be an email inbox. */
export async function emailInboxOf(ctx: CommandContext, inboxId: string) {
  const inbox = await ctx.tx
    .selectFrom('inboxes')
    .select(['id', 'channel_type'])
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', inboxId)
    .executeTakeFirst();
  if (!inbox) throw notFound('inbox');
  if (inbox.channel_type !== 'email') throw notEmailInbox();
  return inbox;
}

export async function saveImapSettings(
  ctx: CommandContext,
  input: ImapSettingsInput,
): Promise<ImapSettingsRow> {
  authorize(ctx.actor, 'inbox.manage');
  await emailInboxOf(ctx, input.inboxId);
  const current = await ctx.tx
    .selectFrom('email_imap_settings')
    .selectAll()
    .where('inbox_id', '=', input.inboxId)
    .executeTakeFirst();
  const passwordSealed = input.passwordSealed ?? current?.password_sealed;
  if (!passwordSealed) throw invalid([{ path: 'body.password', message: 'required' }]);
  const fields = {
    enabled: input.enabled ? 1 : 0,
    host: input.host,
    port: input.port,
    security: input.security,
    username: input.username,
    password_sealed: passwordSealed,
    mailbox: input.mailbox,
    mark_seen: input.markSeen ? 1 : 0,
    import_days: input.importDays,
    updated_at: Math.max(ctx.now, Number(current?.updated_at ?? 0) + 1), // a change is always seen
  };
  if (current)
    return ctx.tx
      .updateTable('email_imap_settings')
      .set({ ...fields, state: input.enabled ? 'connecting' : 'off' })
      .where('inbox_id', '=', input.inboxId)
      .returningAll()
      .executeTakeFirstOrThrow();
  return ctx.tx
    .insertInto('email_imap_settings')
    .values({
      inbox_id: input.inboxId,
      account_id: ctx.accountId,
      ...fields,
      state: input.enabled ? 'connecting' : 'off',
      last_sync_at: null,
      last_error_code: null,
      last_error_detail: null,
      last_error_at: null,
      lease_owner: null,
      lease_until: null,
      created_at: ctx.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Stops the sync for good: the settings go, the cursor stays (a later setup does not re-import). */
export async function deleteImapSettings(
  ctx: CommandContext,
  input: { inboxId: string },
): Promise<void> {
  authorize(ctx.actor, 'inbox.manage');
  await emailInboxOf(ctx, input.inboxId);
  const r = await ctx.tx
    .deleteFrom('email_imap_settings')
    .where('inbox_id', '=', input.inboxId)
    .executeTakeFirst();
  if (!Number(r.numDeletedRows)) throw imapNotConfigured();
}

export const imapNotConfigured = () =>
  new AppError('imap_not_configured', 404, 'This inbox has no IMAP settings.');
