/** The email inbox an outbound action is about: of the caller's account, and of the email channel. */
import type { Executor } from '../../../core/db/client.ts';
import { badInput, notFound } from '../../../core/errors.ts';
import { parseJson } from '../../../core/presenters/index.ts';

export interface EmailInbox {
  id: string;
  accountId: string;
  name: string;
  /** The inbox's own address (settings.email.address), when set: replies come back to it. */
  address: string | null;
}

/** 404 for an unknown inbox or one of another account; 400 `not_an_email_inbox` for a widget/API inbox. */
export async function loadEmailInbox(
  db: Executor,
  accountId: string,
  inboxId: string | null,
): Promise<EmailInbox> {
  const row = inboxId
    ? await db
        .selectFrom('inboxes')
        .select(['id', 'account_id', 'name', 'channel_type', 'settings'])
        .where('account_id', '=', accountId)
        .where('id', '=', inboxId)
        .executeTakeFirst()
    : undefined;
  if (!row) throw notFound('inbox');
  if (row.channel_type !== 'email')
    throw badInput('not_an_email_inbox', 'This inbox is not an email inbox.');
  return toEmailInbox(row);
}

export function toEmailInbox(row: {
  id: string;
  account_id: string;
  name: string;
  settings: string;
}): EmailInbox {
  const settings = parseJson<{ email?: { address?: unknown } }>(row.settings, {});
  const address = settings.email?.address;
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    address: typeof address === 'string' && address.includes('@') ? address.toLowerCase() : null,
  };
}
