/**
 * Hand a conversation to the human queue at once: mode → human, the customer is told so in their
 * language (queries/customer-language.ts), and `conversation.handover_requested` lets routing enqueue it and supervisors see why.
 * Used by the widget's "talk to a human" control, the AI's human-request and anger detectors, and agents.
 */
import type { Conversation } from '../db/types.ts';
import { forbidden } from '../errors.ts';
import { authorize } from '../policies/can.ts';
import { presentConversation, presentMessage } from '../presenters/index.ts';
import { customerLanguage, textLanguage } from '../queries/customer-language.ts';
import type { CommandContext } from './context.ts';
import { appendMessage, labelsOf, loadConversation } from './lib/conversations.ts';

export type HandoverReason =
  | 'customer_request'
  | 'detected_request'
  | 'negative_emotion'
  | 'bot_unable'
  | 'agent'
  | 'rule';

export interface RequestHumanInput {
  conversationId: string;
  reason: HandoverReason;
  /** Language of the notice shown to the customer; default: the conversation's customer language. */
  locale?: 'zh' | 'en';
}

export const HANDOVER_NOTICE = {
  zh: '已为您转接人工客服，请稍候，客服人员马上为您服务。',
  en: 'You are being connected to a human agent. Someone will be with you shortly.',
} as const;

export async function requestHuman(
  ctx: CommandContext,
  input: RequestHumanInput,
): Promise<{ conversation: Conversation; changed: boolean }> {
  const current = await loadConversation(ctx.tx, ctx.accountId, input.conversationId);
  if (ctx.actor.kind === 'contact') {
    if (current.contact_id !== ctx.actor.contactId) throw forbidden();
  } else authorize(ctx.actor, 'conversation.update');
  if (current.mode === 'human' && input.reason !== 'customer_request')
    return { conversation: current, changed: false };
  const alreadyHuman = current.mode === 'human';
  const { message, conversation } = await appendMessage(
    ctx.tx,
    current,
    {
      type: 'outgoing',
      senderType: 'system',
      senderId: null,
      content:
        HANDOVER_NOTICE[
          input.locale ?? textLanguage(await customerLanguage(ctx.tx, ctx.accountId, current.id))
        ],
      attributes: { kind: 'handover', reason: input.reason },
      status: 'sent',
    },
    ctx.now,
    {
      mode: 'human',
      ...(current.status === 'resolved' ||
      current.status === 'closed' ||
      current.status === 'snoozed'
        ? { status: 'open', snoozed_until: null, resolved_at: null }
        : {}),
      waiting_since: current.waiting_since ?? ctx.now,
    },
  );
  const dto = presentConversation(conversation, await labelsOf(ctx.tx, conversation.id));
  await ctx.events.record(
    'message.created',
    { message: presentMessage(message), conversation: dto },
    conversation.id,
  );
  if (!alreadyHuman)
    await ctx.events.record(
      'conversation.updated',
      { conversation: dto, changes: ['mode'] },
      conversation.id,
    );
  await ctx.events.record(
    'conversation.handover_requested',
    { conversation: dto, reason: input.reason },
    conversation.id,
  );
  return { conversation, changed: !alreadyHuman };
}
