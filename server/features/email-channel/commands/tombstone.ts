/**
 * A deleted conversation's mail is never imported again: its keys are marked `tombstoned` (an IMAP
 * backfill or a provider's redelivery of them is a duplicate) and a tombstone keeps later replies
 * out of it (they start a new conversation). Whatever deletes an email conversation calls this in
 * its transaction; the core has no deletion of conversations yet.
 */
import type { Executor } from '../../../core/db/client.ts';

export async function tombstoneConversation(
  tx: Executor,
  p: { accountId: string; inboxId: string; conversationId: string; now: number },
): Promise<void> {
  await tx
    .insertInto('email_tombstones')
    .values({
      conversation_id: p.conversationId,
      account_id: p.accountId,
      inbox_id: p.inboxId,
      created_at: p.now,
    })
    .onConflict((oc) => oc.column('conversation_id').doNothing())
    .execute();
  await tx
    .updateTable('email_inbound_keys')
    .set({ status: 'tombstoned', updated_at: p.now })
    .where('account_id', '=', p.accountId)
    .where('conversation_id', '=', p.conversationId)
    .execute();
}
