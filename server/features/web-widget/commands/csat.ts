/** Satisfaction rating of a resolved conversation (once per resolution), by the visitor. */
import { conflict, notFound, unauthorized } from '../../../core/errors.ts';
import { newId } from '../../../core/lib/ids.ts';
import { presentConversation, presentMessage } from '../../../core/presenters/index.ts';
import type { CommandContext } from '../../../core/commands/context.ts';
import {
  appendMessage,
  labelsOf,
  loadConversation,
} from '../../../core/commands/lib/conversations.ts';
import type { CsatAttributes } from '../../../core/kit/contracts.ts';

export interface SubmitCsatInput {
  conversationId: string;
  rating: number;
  comment?: string | null;
}

export const CSAT_ALREADY_SUBMITTED = 'csat_already_submitted';
export const CSAT_NOT_AVAILABLE = 'csat_not_available';

export async function submitCsat(ctx: CommandContext, input: SubmitCsatInput) {
  if (ctx.actor.kind !== 'contact') throw unauthorized();
  const contactId = ctx.actor.contactId;
  const current = await loadConversation(ctx.tx, ctx.accountId, input.conversationId).catch(
    () => null,
  );
  if (!current || current.contact_id !== contactId) throw notFound('conversation');
  if (current.status !== 'resolved' || current.resolved_at == null) {
    throw conflict(CSAT_NOT_AVAILABLE, 'A rating can be given once the conversation is resolved.');
  }
  const resolvedAt = Number(current.resolved_at);
  const existing = await ctx.tx
    .selectFrom('widget_csat')
    .select('id')
    .where('conversation_id', '=', current.id)
    .where('resolved_at', '=', resolvedAt)
    .executeTakeFirst();
  if (existing) throw conflict(CSAT_ALREADY_SUBMITTED, 'This conversation has already been rated.');
  const comment = input.comment?.trim() ? input.comment.trim() : null;
  const attributes: CsatAttributes = { kind: 'csat', rating: input.rating, comment };
  const { message, conversation } = await appendMessage(
    ctx.tx,
    current,
    {
      type: 'activity',
      senderType: 'contact',
      senderId: contactId,
      content: `CSAT ${input.rating}/5${comment ? `: ${comment}` : ''}`,
      attributes: attributes as unknown as Record<string, unknown>,
      status: 'sent',
    },
    ctx.now,
  );
  const csatId = newId(ctx.now);
  await ctx.tx
    .insertInto('widget_csat')
    .values({
      id: csatId,
      account_id: ctx.accountId,
      inbox_id: current.inbox_id,
      conversation_id: current.id,
      contact_id: contactId,
      message_id: message.id,
      rating: input.rating,
      comment,
      resolved_at: resolvedAt,
      created_at: ctx.now,
    })
    .execute();
  const dto = presentConversation(conversation, await labelsOf(ctx.tx, conversation.id));
  await ctx.events.record(
    'message.created',
    { message: presentMessage(message), conversation: dto },
    conversation.id,
  );
  await ctx.events.record(
    'csat.received',
    {
      csatId,
      conversationId: conversation.id,
      contactId,
      inboxId: conversation.inbox_id,
      rating: input.rating,
      comment,
      messageId: message.id,
      conversation: dto,
    },
    conversation.id,
  );
  return { id: csatId, rating: input.rating, comment, conversationId: conversation.id };
}
