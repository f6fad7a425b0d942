/** Read receipts: an agent (per-agent unread counts) or the contact (visitor read receipts). */
import { forbidden } from '../errors.ts';
import type { CommandContext } from './context.ts';
import { loadConversation } from './lib/conversations.ts';

export async function markRead(
  ctx: CommandContext,
  input: { conversationId: string; seq?: number },
): Promise<{ seq: number }> {
  const conversation = await loadConversation(ctx.tx, ctx.accountId, input.conversationId);
  const seq = Math.min(input.seq ?? Number(conversation.last_seq), Number(conversation.last_seq));
  const actor = ctx.actor;
  if (actor.kind === 'contact') {
    if (conversation.contact_id !== actor.contactId) throw forbidden();
    if (seq <= conversation.contact_last_read_seq)
      return { seq: conversation.contact_last_read_seq };
    await ctx.tx
      .updateTable('conversations')
      .set({ contact_last_read_seq: seq })
      .where('id', '=', conversation.id)
      .execute();
    await ctx.events.record(
      'conversation.read',
      {
        conversationId: conversation.id,
        inboxId: conversation.inbox_id,
        contactId: conversation.contact_id,
        reader: { type: 'contact', id: actor.contactId },
        seq,
      },
      conversation.id,
    );
    return { seq };
  }
  if (actor.kind !== 'user') throw forbidden();
  await upsertRead(ctx, conversation.id, actor.userId, seq, true);
  await ctx.events.record(
    'conversation.read',
    {
      conversationId: conversation.id,
      inboxId: conversation.inbox_id,
      contactId: conversation.contact_id,
      reader: { type: 'user', id: actor.userId },
      seq,
    },
    conversation.id,
  );
  return { seq };
}

/** "Mark unread": moves the agent's read cursor back before the last customer message. */
export async function markUnread(
  ctx: CommandContext,
  input: { conversationId: string },
): Promise<{ seq: number }> {
  const actor = ctx.actor;
  if (actor.kind !== 'user') throw forbidden();
  const conversation = await loadConversation(ctx.tx, ctx.accountId, input.conversationId);
  const lastIncoming = await ctx.tx
    .selectFrom('messages')
    .select('seq')
    .where('conversation_id', '=', conversation.id)
    .where('message_type', '=', 'incoming')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seq = lastIncoming ? Number(lastIncoming.seq) - 1 : 0;
  await upsertRead(ctx, conversation.id, actor.userId, seq, false);
  await ctx.events.record(
    'conversation.read',
    {
      conversationId: conversation.id,
      inboxId: conversation.inbox_id,
      contactId: conversation.contact_id,
      reader: { type: 'user', id: actor.userId },
      seq,
    },
    conversation.id,
  );
  return { seq };
}

async function upsertRead(
  ctx: CommandContext,
  conversationId: string,
  userId: string,
  seq: number,
  onlyForward: boolean,
): Promise<void> {
  const existing = await ctx.tx
    .selectFrom('conversation_reads')
    .select('last_read_seq')
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!existing) {
    await ctx.tx
      .insertInto('conversation_reads')
      .values({
        conversation_id: conversationId,
        user_id: userId,
        account_id: ctx.accountId,
        last_read_seq: seq,
        updated_at: ctx.now,
      })
      .execute();
  } else if (!onlyForward || seq > Number(existing.last_read_seq)) {
    await ctx.tx
      .updateTable('conversation_reads')
      .set({ last_read_seq: seq, updated_at: ctx.now })
      .where('conversation_id', '=', conversationId)
      .where('user_id', '=', userId)
      .execute();
  }
}
