/** Replace a conversation's labels (by name; unknown names are created). */
import type { Conversation } from '../db/types.ts';
import { newId } from '../lib/ids.ts';
import { authorize } from '../policies/can.ts';
import { presentConversation } from '../presenters/index.ts';
import type { CommandContext } from './context.ts';
import { labelsOf, loadConversation } from './lib/conversations.ts';

export async function setConversationLabels(
  ctx: CommandContext,
  input: { conversationId: string; labels: string[] },
): Promise<{ conversation: Conversation; labels: string[] }> {
  authorize(ctx.actor, 'conversation.update');
  const conversation = await loadConversation(ctx.tx, ctx.accountId, input.conversationId);
  const names = [...new Set(input.labels.map((l) => l.trim()).filter(Boolean))];
  const existing = names.length
    ? await ctx.tx
        .selectFrom('labels')
        .select(['id', 'name'])
        .where('account_id', '=', ctx.accountId)
        .where('name', 'in', names)
        .execute()
    : [];
  const ids = new Map(existing.map((l) => [l.name, l.id]));
  for (const name of names) {
    if (ids.has(name)) continue;
    const id = newId(ctx.now);
    await ctx.tx
      .insertInto('labels')
      .values({ id, account_id: ctx.accountId, name, color: '#6b7280', created_at: ctx.now })
      .execute();
    ids.set(name, id);
  }
  const before = await labelsOf(ctx.tx, conversation.id);
  await ctx.tx
    .deleteFrom('conversation_labels')
    .where('conversation_id', '=', conversation.id)
    .execute();
  if (ids.size) {
    await ctx.tx
      .insertInto('conversation_labels')
      .values(
        [...ids.values()].map((label_id) => ({
          conversation_id: conversation.id,
          label_id,
          account_id: ctx.accountId,
        })),
      )
      .execute();
  }
  const after = [...ids.keys()].sort();
  if (before.join('\n') !== after.join('\n')) {
    const updated = await ctx.tx
      .updateTable('conversations')
      .set({ updated_at: ctx.now })
      .where('id', '=', conversation.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await ctx.events.record(
      'conversation.updated',
      { conversation: presentConversation(updated, after), changes: ['labels'] },
      conversation.id,
    );
    return { conversation: updated, labels: after };
  }
  return { conversation, labels: after };
}
