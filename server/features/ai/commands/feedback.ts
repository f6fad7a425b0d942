/** Visitor feedback on a bot answer: stored once, marks the bot turn, records `bot.feedback`. */
import type { Command } from '../../../core/commands/context.ts';
import { AppError, conflict, notFound, unauthorized } from '../../../core/errors.ts';
import { parseJson } from '../../../core/presenters/index.ts';

interface FeedbackInput {
  messageId: string;
  helpful: boolean;
  comment?: string;
}

/** Visitor feedback on a bot answer of their own conversation, once per message. */
export const giveBotFeedback: Command<
  FeedbackInput,
  { messageId: string; helpful: boolean }
> = async (ctx, input) => {
  if (ctx.actor.kind !== 'contact') throw unauthorized();
  const contactId = ctx.actor.contactId;
  const msg = await ctx.tx
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select([
      'messages.id',
      'messages.conversation_id',
      'messages.sender_type',
      'messages.message_type',
      'messages.content_attributes',
      'conversations.contact_id',
    ])
    .where('messages.account_id', '=', ctx.accountId)
    .where('messages.id', '=', input.messageId)
    .executeTakeFirst();
  if (!msg || msg.contact_id !== contactId) throw notFound('message');
  const kind = parseJson<{ kind?: string }>(msg.content_attributes, {}).kind;
  if (msg.sender_type !== 'bot' || msg.message_type !== 'outgoing' || kind !== 'bot_answer') {
    throw new AppError(
      'feedback_not_allowed',
      400,
      'Feedback is only possible on answers from the bot.',
    );
  }
  if (
    await ctx.tx
      .selectFrom('bot_feedback')
      .select('message_id')
      .where('message_id', '=', msg.id)
      .executeTakeFirst()
  ) {
    throw conflict('feedback_exists', 'Feedback for this message was already given.');
  }
  const comment = input.comment?.trim() ? input.comment.trim() : undefined;
  await ctx.tx
    .insertInto('bot_feedback')
    .values({
      message_id: msg.id,
      account_id: ctx.accountId,
      conversation_id: msg.conversation_id,
      contact_id: contactId,
      helpful: input.helpful ? 1 : 0,
      comment: comment ?? null,
      created_at: ctx.now,
    })
    .execute();
  await ctx.tx
    .updateTable('bot_turns')
    .set({ resolved: input.helpful ? 1 : 0 })
    .where('account_id', '=', ctx.accountId)
    .where('reply_message_id', '=', msg.id)
    .execute();
  await ctx.events.record(
    'bot.feedback',
    {
      conversationId: msg.conversation_id,
      messageId: msg.id,
      helpful: input.helpful,
      ...(comment ? { comment } : {}),
    },
    msg.conversation_id,
  );
  return { messageId: msg.id, helpful: input.helpful };
};
