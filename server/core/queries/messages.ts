/** Reading messages of a conversation by seq (resume cursors) with their attachments. */
import type { Executor } from '../db/client.ts';
import type { Attachment, Message } from '../db/types.ts';
import { presentMessage } from '../presenters/index.ts';
import type { MessageDTO } from '../presenters/types.ts';

export async function attachmentsOf(db: Executor, messageIds: string[]): Promise<Attachment[]> {
  if (!messageIds.length) return [];
  return db.selectFrom('attachments').selectAll().where('message_id', 'in', messageIds).execute();
}

export async function withAttachments(db: Executor, rows: Message[]): Promise<MessageDTO[]> {
  const atts = await attachmentsOf(
    db,
    rows.map((r) => r.id),
  );
  const byMessage = new Map<string, Attachment[]>();
  for (const a of atts) byMessage.set(a.message_id!, [...(byMessage.get(a.message_id!) ?? []), a]);
  return rows.map((r) => presentMessage(r, byMessage.get(r.id) ?? []));
}

export interface MessagePageInput {
  accountId: string;
  conversationId: string;
  afterSeq?: number;
  beforeSeq?: number;
  limit: number;
  /** Visitors see only incoming and outgoing messages. */
  visitorView?: boolean;
}

export async function listMessages(
  db: Executor,
  q: MessagePageInput,
): Promise<{ messages: MessageDTO[]; hasMore: boolean }> {
  let query = db
    .selectFrom('messages')
    .selectAll()
    .where('account_id', '=', q.accountId)
    .where('conversation_id', '=', q.conversationId);
  if (q.visitorView) query = query.where('message_type', 'in', ['incoming', 'outgoing']);
  if (q.afterSeq != null) query = query.where('seq', '>', q.afterSeq).orderBy('seq', 'asc');
  else {
    if (q.beforeSeq != null) query = query.where('seq', '<', q.beforeSeq);
    query = query.orderBy('seq', 'desc');
  }
  const rows = await query.limit(q.limit + 1).execute();
  const hasMore = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  if (q.afterSeq == null) page.reverse();
  return { messages: await withAttachments(db, page), hasMore };
}
