/** Encrypted originals of redacted messages and the record of who revealed them. */
import type { Executor } from '../../../core/db/client.ts';
import { newId } from '../../../core/lib/ids.ts';
import { open, seal } from '../../../core/lib/secret-box.ts';

const purpose = (accountId: string) => `redaction-original:${accountId}`;

export async function keepOriginal(
  db: Executor,
  secret: string,
  p: { accountId: string; messageId: string; content: string; now: number },
): Promise<void> {
  await db
    .insertInto('redaction_originals')
    .values({
      message_id: p.messageId,
      account_id: p.accountId,
      sealed: seal(secret, purpose(p.accountId), p.content),
      created_at: p.now,
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .execute();
}

/** The original, or null when none was kept (or it does not open under this server's secret). */
export async function originalOf(
  db: Executor,
  secret: string,
  accountId: string,
  messageId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('redaction_originals')
    .select('sealed')
    .where('account_id', '=', accountId)
    .where('message_id', '=', messageId)
    .executeTakeFirst();
  return row ? open(secret, purpose(accountId), row.sealed) : null;
}

export async function recordReveal(
  db: Executor,
  p: { accountId: string; messageId: string; userId: string; now: number },
): Promise<void> {
  await db
    .insertInto('redaction_reveals')
    .values({
      id: newId(p.now),
      account_id: p.accountId,
      message_id: p.messageId,
      user_id: p.userId,
      created_at: p.now,
    })
    .execute();
}
