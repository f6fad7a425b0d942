/** Reads of the widget API: the inbox behind a public token, the agents' read position. */
import type { Executor } from '../../../core/db/client.ts';
import type { Inbox } from '../../../core/db/types.ts';
import { notFound } from '../../../core/errors.ts';

/** The web-chat inbox with this public token, else 404. */
export async function inboxByToken(db: Executor, token: string): Promise<Inbox> {
  const inbox = await db
    .selectFrom('inboxes')
    .selectAll()
    .where('public_token', '=', token)
    .where('channel_type', '=', 'web_widget')
    .executeTakeFirst();
  if (!inbox) throw notFound('inbox');
  return inbox;
}

/** Highest seq any agent has read (read receipts shown to the visitor). */
export async function agentReadSeq(db: Executor, conversationId: string): Promise<number> {
  const row = await db
    .selectFrom('conversation_reads')
    .select((eb) => eb.fn.max('last_read_seq').as('seq'))
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}
