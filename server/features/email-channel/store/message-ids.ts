/**
 * The per-inbox Message-ID → conversation map. Every mail that comes in and every mail Kefu sends
 * records its Message-ID here; threading looks up In-Reply-To/References in it, newest first.
 */
import type { Executor } from '../../../core/db/client.ts';
import { newId } from '../../../core/lib/ids.ts';

export interface MessageIdRow {
  accountId: string;
  inboxId: string;
  /** With or without angle brackets, any case: stored normalised. */
  messageId: string;
  conversationId: string;
  kefuMessageId?: string | null;
  direction: 'in' | 'out';
  /** The mail's subject: a reply that names another topic starts a new conversation. */
  subject?: string | null;
  createdAt: number;
}

/** How many ids of one mail's References are looked up (the newest ones: the end of the list). */
export const THREAD_LOOKUP_CAP = 50;

/** `<ABC@host>` → `abc@host`; empty when nothing is left. */
export function normalizeMessageId(id: string): string {
  return id.trim().replace(/^<+/, '').replace(/>+$/, '').trim().toLowerCase();
}

export async function recordMessageId(tx: Executor, row: MessageIdRow): Promise<void> {
  const messageId = normalizeMessageId(row.messageId);
  if (!messageId) return;
  await tx
    .insertInto('email_message_ids')
    .values({
      id: newId(row.createdAt),
      account_id: row.accountId,
      inbox_id: row.inboxId,
      message_id: messageId,
      conversation_id: row.conversationId,
      kefu_message_id: row.kefuMessageId ?? null,
      direction: row.direction,
      subject: row.subject ?? null,
      created_at: row.createdAt,
    })
    .onConflict((oc) => oc.columns(['inbox_id', 'message_id', 'conversation_id']).doNothing())
    .execute();
}

export interface ThreadHit {
  conversationId: string;
  messageId: string;
  direction: 'in' | 'out';
  subject: string | null;
  createdAt: number;
}

/**
 * The conversations the given Message-IDs belong to in this inbox, newest first (one row per
 * conversation). Ids are normalised; at most THREAD_LOOKUP_CAP of them (the last ones) are used.
 */
export async function findThreadByMessageIds(
  tx: Executor,
  inboxId: string,
  ids: string[],
): Promise<ThreadHit[]> {
  const wanted = [...new Set(ids.map(normalizeMessageId).filter(Boolean))].slice(
    -THREAD_LOOKUP_CAP,
  );
  if (!wanted.length) return [];
  const rows = await tx
    .selectFrom('email_message_ids')
    .select(['conversation_id', 'message_id', 'direction', 'subject', 'created_at'])
    .where('inbox_id', '=', inboxId)
    .where('message_id', 'in', wanted)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(THREAD_LOOKUP_CAP)
    .execute();
  const seen = new Set<string>();
  const hits: ThreadHit[] = [];
  for (const r of rows) {
    if (seen.has(r.conversation_id)) continue;
    seen.add(r.conversation_id);
    hits.push({
      conversationId: r.conversation_id,
      messageId: r.message_id,
      direction: r.direction,
      subject: r.subject,
      createdAt: Number(r.created_at),
    });
  }
  return hits;
}
