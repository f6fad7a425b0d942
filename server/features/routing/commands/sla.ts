/**
 * SLA timers follow the conversation: the event handler that starts, meets, pauses and resumes a
 * conversation's timers (sla-timers.ts) as its messages and status change, and re-chooses the policy
 * when priority or inbox change (sla-repolicy.ts). Warnings and breaches: sla-breaches.ts (ticker).
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { findConversation } from '../../../core/commands/lib/conversations.ts';
import { prepared } from '../../../core/db/prepared.ts';
import type { DomainEvent } from '../../../core/events/catalog.ts';
import type { SlaKind } from '../domain/sla.ts';
import { lockAccount } from './queue.ts';
import { repolicy } from './sla-repolicy.ts';
import { meet, pause, resume, setState, startTimer } from './sla-timers.ts';

export { fireDueSlaTimers } from './sla-breaches.ts';
export { slaStatus } from './sla-timers.ts';
export { hoursFor, policiesOf } from '../store/sla-policies.ts';

export const SLA_TRIGGERS = [
  'conversation.created',
  'conversation.updated',
  'conversation.handover_requested',
  'conversation.status_changed',
  'message.created',
] as const;

/** Whether an agent replied before the customer message at `seq` (the reply's own event may not be processed yet). */
async function agentRepliedBefore(
  ctx: CommandContext,
  conversationId: string,
  seq: number,
): Promise<boolean> {
  return !!(await agentReplyBefore.first(ctx.tx, { conversationId, seq }));
}

const agentReplyBefore = prepared((db, p: { conversationId: string; seq: number }) =>
  db
    .selectFrom('messages')
    .select('id')
    .where('conversation_id', '=', p.conversationId)
    .where('message_type', '=', 'outgoing')
    .where('sender_type', '=', 'user')
    .where('seq', '<', p.seq)
    .limit(1),
);
const timerStates = prepared((db, p: { conversationId: string }) =>
  db
    .selectFrom('sla_timers')
    .select(['kind', 'state'])
    .where('conversation_id', '=', p.conversationId),
);

/** Keeps a conversation's timers in step with what happened. */
export async function slaOnEvent(ctx: CommandContext, event: DomainEvent): Promise<void> {
  if (!event.conversationId) return;
  if (event.type === 'message.created') {
    // A customer message to the bot, or a bot/system message, moves no timer: decide from the event
    // itself (the conversation as it was when the message was stored), before the lock and any query.
    const { message: m, conversation: then } = (event as DomainEvent<'message.created'>).payload;
    const humanThen = then.mode === 'human' && then.status === 'open';
    if (
      !(m.type === 'outgoing' && m.sender.type === 'user') &&
      !(m.type === 'incoming' && humanThen)
    )
      return;
    // A customer writing again while a response timer already runs changes nothing: skip the lock.
    if (m.type === 'incoming') {
      const timers = await timerStates.all(ctx.tx, { conversationId: event.conversationId });
      const live = (k: SlaKind) =>
        timers.some(
          (t) =>
            t.kind === k &&
            (t.state === 'running' || t.state === 'paused' || t.state === 'breached'),
        );
      if (live('next_response')) return;
      if (
        live('first_response') &&
        timers.some((t) => t.kind === 'resolution') &&
        !(await agentRepliedBefore(ctx, event.conversationId, m.seq))
      )
        return;
    }
  }
  await lockAccount(ctx.tx, ctx.accountId);
  const c = await findConversation(ctx.tx, ctx.accountId, event.conversationId);
  if (!c) return;
  const human = c.mode === 'human' && c.status === 'open';
  if (event.type === 'message.created') {
    const m = (event as DomainEvent<'message.created'>).payload.message;
    if (m.type === 'outgoing' && m.sender.type === 'user') {
      // events may be processed out of order on several nodes: a reply only meets the next-response
      // timer when no customer message came after it
      const later = await ctx.tx
        .selectFrom('messages')
        .select('id')
        .where('conversation_id', '=', c.id)
        .where('message_type', '=', 'incoming')
        .where('seq', '>', m.seq)
        .limit(1)
        .executeTakeFirst();
      return meet(ctx, c.id, later ? ['first_response'] : ['first_response', 'next_response']);
    }
    if (m.type !== 'incoming' || !human) return;
    if (!(await agentRepliedBefore(ctx, c.id, m.seq))) {
      await startTimer(ctx, c, 'first_response');
      await startTimer(ctx, c, 'resolution');
      return;
    }
    const next = await ctx.tx
      .selectFrom('sla_timers')
      .select('state')
      .where('conversation_id', '=', c.id)
      .where('kind', '=', 'next_response')
      .executeTakeFirst();
    if (!next || next.state === 'met' || next.state === 'cancelled') {
      const after = await ctx.tx
        .selectFrom('messages')
        .select('id')
        .where('conversation_id', '=', c.id)
        .where('message_type', '=', 'outgoing')
        .where('sender_type', '=', 'user')
        .where('seq', '>', m.seq)
        .limit(1)
        .executeTakeFirst();
      if (!after) await startTimer(ctx, c, 'next_response', true);
    }
    return;
  }
  if (event.type === 'conversation.status_changed') {
    if (c.status === 'pending' || c.status === 'snoozed') return pause(ctx, c);
    if (c.status === 'open') {
      await resume(ctx, c);
      if (c.mode === 'human') await startTimer(ctx, c, 'resolution', true);
      return;
    }
    await meet(ctx, c.id, ['resolution']);
    return setState(ctx, c.id, ['running', 'paused'], 'cancelled');
  }
  if (event.type === 'conversation.updated') {
    const changes = (event as DomainEvent<'conversation.updated'>).payload.changes;
    if (changes.includes('priority') || changes.includes('inbox')) return repolicy(ctx, c); // the policy is chosen by both
  }
  if (human) {
    await startTimer(ctx, c, 'first_response');
    await startTimer(ctx, c, 'resolution');
  }
}
