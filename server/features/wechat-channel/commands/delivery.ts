/**
 * Shows a WeChat delivery on its Kefu message: `status` (pending → sent, or failed) and
 * `attributes.wechat.delivery` (state, parts sent, the failure's code and words in both languages,
 * what else may reach the customer), then `message.updated` so agents see it change live.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { labelsOf, loadConversation } from '../../../core/commands/lib/conversations.ts';
import type { DeliveryStatus, Message } from '../../../core/db/types.ts';
import { parseJson, presentConversation, presentMessage } from '../../../core/presenters/index.ts';
import { attachmentsOf } from '../../../core/queries/messages.ts';

export async function showDelivery(
  ctx: CommandContext,
  messageId: string,
  status: DeliveryStatus,
  delivery: Record<string, unknown>,
): Promise<void> {
  const message = await ctx.tx
    .selectFrom('messages')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (!message) return; // deleted with its conversation
  const attrs = parseJson<Record<string, unknown>>(message.content_attributes, {});
  const wechat = (attrs.wechat ?? {}) as Record<string, unknown>;
  const content_attributes = JSON.stringify({ ...attrs, wechat: { ...wechat, delivery } });
  await ctx.tx
    .updateTable('messages')
    .set({ status, content_attributes })
    .where('id', '=', message.id)
    .execute();
  const updated: Message = { ...message, status, content_attributes };
  const conversation = await loadConversation(ctx.tx, ctx.accountId, message.conversation_id);
  await ctx.events.record(
    'message.updated',
    {
      message: presentMessage(updated, await attachmentsOf(ctx.tx, [message.id])),
      conversation: presentConversation(conversation, await labelsOf(ctx.tx, conversation.id)),
    },
    conversation.id,
  );
}
