/** An agent replies or writes a private note. Idempotent on the agent's client message id. */
import type { Conversation, Message } from '../db/types.ts';
import { AppError, forbidden, unfilledVariables } from '../errors.ts';
import { placeholdersIn } from '../../../shared/template.ts';
import { assignGuards } from './assign-conversation.ts';
import { authorize } from '../policies/can.ts';
import { presentConversation, presentMessage } from '../presenters/index.ts';
import { attachmentsOf } from '../queries/messages.ts';
import type { CommandContext } from './context.ts';
import {
  appendMessage,
  claimAttachments,
  findByIdempotencyKey,
  labelsOf,
  loadConversation,
} from './lib/conversations.ts';

export interface SendMessageInput {
  conversationId: string;
  content: string;
  private?: boolean;
  clientMessageId?: string | null;
  attachmentIds?: string[];
  attributes?: Record<string, unknown>;
  /** Bot replies are sent by the system actor with sender type 'bot'. */
  asBot?: boolean;
}

/**
 * Replying to an unassigned conversation assigns it to the agent, unless a feature's assign guard
 * refuses (routing: the agent is at capacity): then the reply is still sent and the conversation
 * stays unassigned, so capacity is never exceeded and no reply is lost.
 */
async function mayTake(
  ctx: CommandContext,
  conversation: Conversation,
  userId: string,
): Promise<boolean> {
  try {
    for (const guard of assignGuards)
      await guard(ctx, conversation, userId, {
        conversationId: conversation.id,
        assigneeId: userId,
        implicit: true,
      });
    return true;
  } catch (err) {
    if (err instanceof AppError && err.status === 409) return false;
    throw err;
  }
}

export async function sendMessage(
  ctx: CommandContext,
  input: SendMessageInput,
): Promise<{ message: Message; conversation: Conversation; duplicate: boolean }> {
  const actor = ctx.actor;
  if (actor.kind === 'contact') throw forbidden();
  authorize(actor, input.private ? 'message.note' : 'message.send');
  // a canned reply's `{{agent.name}}` is filled in the console; one still here would reach the
  // customer raw (shared/template.ts). Notes stay internal, so they may quote a placeholder.
  if (!input.private && actor.kind === 'user') {
    const left = placeholdersIn(input.content);
    if (left.length) throw unfilledVariables(left);
  }
  const senderId = actor.kind === 'user' ? actor.userId : null;
  const key = input.clientMessageId
    ? `${actor.kind}:${senderId ?? 'system'}:${input.clientMessageId}`
    : null;
  if (key) {
    const existing = await findByIdempotencyKey(ctx.tx, ctx.accountId, key);
    if (existing)
      return {
        message: existing,
        conversation: await loadConversation(ctx.tx, ctx.accountId, existing.conversation_id),
        duplicate: true,
      };
  }
  const conversation = await loadConversation(ctx.tx, ctx.accountId, input.conversationId);
  const isNote = !!input.private;
  const autoAssign =
    !isNote &&
    actor.kind === 'user' &&
    !conversation.assignee_id &&
    (await mayTake(ctx, conversation, senderId!));
  const { message, conversation: updated } = await appendMessage(
    ctx.tx,
    conversation,
    {
      type: isNote ? 'note' : 'outgoing',
      senderType: actor.kind === 'user' ? 'user' : input.asBot ? 'bot' : 'system',
      senderId,
      content: input.content,
      attributes: input.attributes,
      clientMessageId: input.clientMessageId,
      idempotencyKey: key,
      status: 'sent',
    },
    ctx.now,
    isNote
      ? {}
      : {
          waiting_since: null,
          ...(actor.kind === 'user' && conversation.mode === 'bot'
            ? { mode: 'human' as const }
            : {}),
          ...(autoAssign ? { assignee_id: senderId } : {}),
        },
  );
  if (senderId)
    await claimAttachments(ctx.tx, ctx.accountId, message.id, senderId, input.attachmentIds ?? []);
  const dto = presentConversation(updated, await labelsOf(ctx.tx, updated.id));
  const attachments = input.attachmentIds?.length ? await attachmentsOf(ctx.tx, [message.id]) : [];
  await ctx.events.record(
    'message.created',
    { message: presentMessage(message, attachments), conversation: dto },
    updated.id,
  );
  if (autoAssign) {
    await ctx.events.record(
      'conversation.assigned',
      { conversation: dto, previousAssigneeId: null, previousTeamId: conversation.team_id },
      updated.id,
    );
  }
  return { message, conversation: updated, duplicate: false };
}
