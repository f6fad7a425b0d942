/**
 * Where else a customer may be reached when WeChat refuses: their conversations in other inboxes
 * (other channels, other WeChat apps after a UnionID merge), newest per inbox, and the email
 * address and phone number on the contact.
 */
import type { Executor } from '../../../core/db/client.ts';

export type Fallback =
  | {
      type: 'conversation';
      conversationId: string;
      inboxId: string;
      inboxName: string;
      channelType: string;
      status: string;
    }
  | { type: 'email'; address: string }
  | { type: 'phone'; number: string };

export async function fallbacksOf(
  db: Executor,
  accountId: string,
  contactId: string,
  exceptInboxId: string,
): Promise<Fallback[]> {
  const rows = await db
    .selectFrom('conversations as c')
    .innerJoin('inboxes as i', 'i.id', 'c.inbox_id')
    .select(['c.id', 'c.inbox_id', 'c.status', 'c.created_at', 'i.name', 'i.channel_type'])
    .where('c.account_id', '=', accountId)
    .where('c.contact_id', '=', contactId)
    .where('c.inbox_id', '!=', exceptInboxId)
    .orderBy('c.created_at', 'desc')
    .limit(50)
    .execute();
  const seen = new Set<string>();
  const out: Fallback[] = [];
  for (const r of rows) {
    if (seen.has(r.inbox_id)) continue;
    seen.add(r.inbox_id);
    out.push({
      type: 'conversation',
      conversationId: r.id,
      inboxId: r.inbox_id,
      inboxName: r.name,
      channelType: r.channel_type,
      status: r.status,
    });
  }
  const contact = await db
    .selectFrom('contacts')
    .select(['email', 'phone'])
    .where('account_id', '=', accountId)
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (contact?.email) out.push({ type: 'email', address: contact.email });
  if (contact?.phone) out.push({ type: 'phone', number: contact.phone });
  return out;
}
