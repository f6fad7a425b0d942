/**
 * An agent's reply to a WeChat conversation, refused up front when the platform would refuse it:
 * the core's sendMessage and the outbox entry (which takes the reply window) in one transaction, so
 * a refusal (closed window, count used up, a file WeChat cannot carry) stores nothing and answers
 * the stable code with its words in both languages and the customer's other channels.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { loadConversation } from '../../../core/commands/lib/conversations.ts';
import { sendMessage } from '../../../core/commands/send-message.ts';
import { badInput } from '../../../core/errors.ts';
import { queueWechatSend } from './outbox.ts';

export interface SendReplyInput {
  conversationId: string;
  content: string;
  clientMessageId?: string;
  attachmentIds?: string[];
}

export async function sendWechatReply(ctx: CommandContext, input: SendReplyInput) {
  const conversation = await loadConversation(ctx.tx, ctx.accountId, input.conversationId);
  const inbox = await ctx.tx
    .selectFrom('inboxes')
    .select('channel_type')
    .where('id', '=', conversation.inbox_id)
    .executeTakeFirstOrThrow();
  if (inbox.channel_type !== 'wechat_oa')
    throw badInput('wechat_wrong_channel', 'This conversation is not in a WeChat inbox.');
  const r = await sendMessage(ctx, input);
  if (!r.duplicate) await queueWechatSend(ctx, { messageId: r.message.id, strict: true });
  return r;
}
