/** Shared steps of conversation commands: scoped loading, seq allocation, message append. */
import { prepared } from '../../db/prepared.ts';
import { sql } from 'kysely';
import type { Executor } from '../../db/client.ts';
import type {
  Conversation,
  ConversationUpdate,
  Message,
  MessageType,
  SenderType,
} from '../../db/types.ts';
import { notFound } from '../../errors.ts';
import { newId } from '../../lib/ids.ts';

const conversationById = prepared((db, p: { accountId: string; id: string }) =>
  db
    .selectFrom('conversations')
    .selectAll()
    .where('account_id', '=', p.accountId)
    .where('id', '=', p.id),
);

/** The conversation, or undefined (hot: every event processor reads it; compiled once). */
export function findConversation(
  tx: Executor,
  accountId: string,
  id: string,
): Promise<Conversation | undefined> {
  return conversationById.first(tx, { accountId, id });
}

export async function loadConversation(
  tx: Executor,
  accountId: string,
  id: string,
): Promise<Conversation> {
  const row = await findConversation(tx, accountId, id);
  if (!row) throw notFound('conversation');
  return row;
}

export interface AppendInput {
  type: MessageType;
  senderType: SenderType;
  senderId: string | null;
  content: string;
  attributes?: Record<string, unknown>;
  clientMessageId?: string | null;
  idempotencyKey?: string | null;
  externalId?: string | null;
  status: Message['status'];
}

const insertMessage = prepared((db, p: Message) => db.insertInto('messages').values(p));

/** Allocates the next per-conversation seq and inserts the message; `also` updates the conversation in the same statement. */
export async function appendMessage(
  tx: Executor,
  conversation: Conversation,
  input: AppendInput,
  now: number,
  also: ConversationUpdate = {},
): Promise<{ message: Message; conversation: Conversation }> {
  const id = newId(now);
  const visible = input.type === 'incoming' || input.type === 'outgoing';
  const updated = await tx
    .updateTable('conversations')
    .set({
      last_seq: sql`last_seq + 1`,
      updated_at: now,
      ...(visible ? { last_message_id: id, last_message_at: now } : {}),
      ...also,
    })
    .where('id', '=', conversation.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { message: await insertAppended(tx, updated, id, input, now), conversation: updated };
}

/** Inserts a message whose seq the conversation update `updated` (RETURNING *) has just allocated. */
export async function insertAppended(
  tx: Executor,
  updated: Conversation,
  id: string,
  input: AppendInput,
  now: number,
): Promise<Message> {
  const message: Message = {
    id,
    account_id: updated.account_id,
    conversation_id: updated.id,
    seq: Number(updated.last_seq),
    message_type: input.type,
    sender_type: input.senderType,
    sender_id: input.senderId,
    content: input.content,
    content_attributes: JSON.stringify(input.attributes ?? {}),
    client_message_id: input.clientMessageId ?? null,
    idempotency_key: input.idempotencyKey ?? null,
    external_id: input.externalId ?? null,
    status: input.status,
    created_at: now,
  };
  await insertMessage.run(tx, message);
  return message;
}

const messageByIdempotencyKey = prepared((db, p: { accountId: string; key: string }) =>
  db
    .selectFrom('messages')
    .selectAll()
    .where('account_id', '=', p.accountId)
    .where('idempotency_key', '=', p.key),
);

export async function findByIdempotencyKey(
  tx: Executor,
  accountId: string,
  key: string,
): Promise<Message | undefined> {
  return messageByIdempotencyKey.first(tx, { accountId, key });
}

/**
 * The account's next value of a counter, created at 1. One upsert: an update-then-insert let two
 * concurrent first uses (PostgreSQL) both insert, and the second failed on the primary key.
 */
export async function nextCounter(tx: Executor, accountId: string, name: string): Promise<number> {
  const row = await tx
    .insertInto('account_counters')
    .values({ account_id: accountId, name, value: 1 })
    .onConflict((oc) =>
      oc.columns(['account_id', 'name']).doUpdateSet({ value: sql`account_counters.value + 1` }),
    )
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

const labelNames = prepared((db, p: { conversationId: string }) =>
  db
    .selectFrom('conversation_labels')
    .innerJoin('labels', 'labels.id', 'conversation_labels.label_id')
    .select('labels.name')
    .where('conversation_labels.conversation_id', '=', p.conversationId)
    .orderBy('labels.name'),
);

export async function labelsOf(tx: Executor, conversationId: string): Promise<string[]> {
  const rows = await labelNames.all(tx, { conversationId });
  return rows.map((r) => r.name);
}

/** Attaches uploaded files (owned by the same uploader, not yet used) to a message. */
export async function claimAttachments(
  tx: Executor,
  accountId: string,
  messageId: string,
  uploaderId: string,
  ids: string[],
): Promise<void> {
  if (!ids.length) return;
  const res = await tx
    .updateTable('attachments')
    .set({ message_id: messageId })
    .where('account_id', '=', accountId)
    .where('uploader_id', '=', uploaderId)
    .where('message_id', 'is', null)
    .where('id', 'in', ids)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== new Set(ids).size) throw notFound('attachment');
}
