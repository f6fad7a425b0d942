/** The addresses each email conversation involves: threading checks a reply's sender against them. */
import type { Executor } from '../../../core/db/client.ts';

export async function addParticipants(
  tx: Executor,
  p: {
    accountId: string;
    inboxId: string;
    conversationId: string;
    addresses: string[];
    now: number;
  },
): Promise<void> {
  const addresses = [...new Set(p.addresses.filter(Boolean))].slice(0, 100);
  if (!addresses.length) return;
  await tx
    .insertInto('email_participants')
    .values(
      addresses.map((address) => ({
        conversation_id: p.conversationId,
        address,
        account_id: p.accountId,
        inbox_id: p.inboxId,
        created_at: p.now,
      })),
    )
    .onConflict((oc) => oc.columns(['conversation_id', 'address']).doNothing())
    .execute();
}

export async function participantsOf(
  db: Executor,
  conversationIds: string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(conversationIds.map((id) => [id, []]));
  if (!conversationIds.length) return out;
  const rows = await db
    .selectFrom('email_participants')
    .select(['conversation_id', 'address'])
    .where('conversation_id', 'in', conversationIds)
    .execute();
  for (const r of rows) out.get(r.conversation_id)?.push(r.address);
  return out;
}

/** Recent mails (newest first) of the inbox's conversations the sender is part of: the subject window. */
export async function recentMailsOfSender(
  db: Executor,
  inboxId: string,
  sender: string,
  since: number,
): Promise<Array<{ conversationId: string; subject: string | null }>> {
  const rows = await db
    .selectFrom('email_participants as p')
    .innerJoin('email_message_ids as m', 'm.conversation_id', 'p.conversation_id')
    .select(['m.conversation_id', 'm.subject'])
    .where('p.inbox_id', '=', inboxId)
    .where('p.address', '=', sender)
    .where('m.inbox_id', '=', inboxId)
    .where('m.created_at', '>=', since)
    .orderBy('m.created_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => ({ conversationId: r.conversation_id, subject: r.subject }));
}

/** The subject of a conversation's newest recorded mail. */
export async function latestSubject(db: Executor, conversationId: string): Promise<string | null> {
  const row = await db
    .selectFrom('email_message_ids')
    .select('subject')
    .where('conversation_id', '=', conversationId)
    .where('subject', 'is not', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.subject ?? null;
}
