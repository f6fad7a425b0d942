/**
 * "Who is this?" for the supervisor's queue and alerts: the customer's name, the channel, the
 * conversation's number, the customer's latest message and how long they have been waiting.
 */
import type { Executor } from '../../../core/db/client.ts';

export interface Who {
  displayId: number;
  contactName: string | null;
  channel: string;
  /** The customer's latest message (first 140 characters), or null before they wrote. */
  lastMessage: string | null;
  /** Since when the customer waits for a human reply (null when nobody owes them one). */
  waitingSince: number | null;
}

const PREVIEW = 140;

export async function whoOf(
  db: Executor,
  accountId: string,
  conversationIds: string[],
): Promise<Map<string, Who>> {
  if (!conversationIds.length) return new Map();
  const rows = await db
    .selectFrom('conversations as c')
    .innerJoin('contacts as k', 'k.id', 'c.contact_id')
    .innerJoin('inboxes as i', 'i.id', 'c.inbox_id')
    .select((eb) => [
      'c.id',
      'c.display_id',
      'c.waiting_since',
      'k.name',
      'i.channel_type',
      eb
        .selectFrom('messages as m')
        .select('m.content')
        .whereRef('m.conversation_id', '=', 'c.id')
        .where('m.message_type', '=', 'incoming')
        .orderBy('m.seq', 'desc')
        .limit(1)
        .as('last_incoming'),
    ])
    .where('c.account_id', '=', accountId)
    .where('c.id', 'in', conversationIds)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        displayId: Number(r.display_id),
        contactName: r.name,
        channel: r.channel_type,
        lastMessage:
          r.last_incoming == null
            ? null
            : r.last_incoming.length > PREVIEW
              ? `${r.last_incoming.slice(0, PREVIEW)}…`
              : r.last_incoming,
        waitingSince: r.waiting_since == null ? null : Number(r.waiting_since),
      },
    ]),
  );
}
