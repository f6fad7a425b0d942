/**
 * Reacts to one domain event: keeps the queue in step with the conversation (enqueue, dequeue,
 * analysis), releases capacity, then drains the queue — all in one transaction under the account lock.
 */
import { assignConversation } from '../../../core/commands/assign-conversation.ts';
import type { CommandContext } from '../../../core/commands/context.ts';
import {
  appendMessage,
  findConversation,
  labelsOf,
} from '../../../core/commands/lib/conversations.ts';
import { prepared } from '../../../core/db/prepared.ts';
import type { Conversation } from '../../../core/db/types.ts';
import type { DomainEvent } from '../../../core/events/catalog.ts';
import { parseJson, presentConversation, presentMessage } from '../../../core/presenters/index.ts';
import { customerLanguage, textLanguage } from '../../../core/queries/customer-language.ts';
import { isOpen } from '../domain/business-hours.ts';
import { settingsFor } from '../store/settings.ts';
import { upsertProfile } from '../store/agents.ts';
import {
  contactsOf,
  dequeue,
  drainQueue,
  enqueue,
  lockAccount,
  queueable,
  releaseAssignment,
} from './queue.ts';

export interface RouteEventResult {
  touchedContacts: string[];
  queueChanged: boolean;
}

export const ROUTING_TRIGGERS = [
  'conversation.created',
  'conversation.updated',
  'conversation.assigned',
  'conversation.status_changed',
  'conversation.handover_requested',
  'message.created',
  'message.analyzed',
  'user.availability_changed',
  'routing.agent_updated',
  'conversation.queued',
] as const;

/** Events that arrive with every message; most concern conversations already with an agent or the bot. */
const PER_MESSAGE = new Set<string>(['message.created', 'message.analyzed']);

export async function routeEvent(
  ctx: CommandContext,
  event: DomainEvent,
): Promise<RouteEventResult> {
  const perMessage = PER_MESSAGE.has(event.type);
  const load = () =>
    event.conversationId
      ? findConversation(ctx.tx, ctx.accountId, event.conversationId)
      : Promise.resolve(undefined);
  if (perMessage) {
    // Only an open, human-mode, unassigned conversation can enter or move in the queue: look before
    // taking the account lock and loading the routing snapshot, which costs a dozen statements.
    const then =
      event.type === 'message.created'
        ? (event as DomainEvent<'message.created'>).payload.conversation
        : null;
    const peek = then
      ? {
          status: then.status as Conversation['status'],
          mode: then.mode as Conversation['mode'],
          assignee_id: then.assigneeId,
        }
      : await load();
    if (!peek || !queueable(peek)) {
      await trackActivity(ctx, event);
      return { touchedContacts: [], queueChanged: false };
    }
    // Already waiting and nothing about its place changes (the usual case for a customer writing
    // while queued): no lock, no drain.
    const waiting = event.conversationId ? await queueRow(ctx, event.conversationId) : undefined;
    if (
      waiting &&
      (event.type === 'message.created' ||
        !analysisUpdate(waiting, (event as DomainEvent<'message.analyzed'>).payload))
    ) {
      await trackActivity(ctx, event);
      return { touchedContacts: [], queueChanged: false };
    }
  }
  await lockAccount(ctx.tx, ctx.accountId);
  const touched = new Set<string>();
  const c = await load();
  let changed = false;
  if (c) {
    touched.add(c.contact_id);
    changed = await applyToConversation(ctx, event, c);
  }
  await trackActivity(ctx, event);
  // A message that changed nothing in the queue frees no capacity: no drain needed.
  if (perMessage && !changed) return { touchedContacts: [...touched], queueChanged: false };
  const assigned = await drainQueue(ctx);
  for (const contactId of await contactsOf(ctx.tx, assigned)) touched.add(contactId);
  return {
    touchedContacts: [...touched],
    queueChanged:
      changed ||
      assigned.length > 0 ||
      event.type === 'user.availability_changed' ||
      event.type === 'routing.agent_updated',
  };
}

async function applyToConversation(
  ctx: CommandContext,
  event: DomainEvent,
  c: Conversation,
): Promise<boolean> {
  switch (event.type) {
    case 'conversation.assigned': {
      const p = (event as DomainEvent<'conversation.assigned'>).payload;
      if (p.previousAssigneeId && p.previousAssigneeId !== c.assignee_id)
        await releaseAssignment(ctx.tx, c.id, ctx.now);
      return c.assignee_id
        ? dequeue(ctx, c.id, 'assigned')
        : enqueueWithReply(ctx, c, 'unassigned');
    }
    case 'conversation.status_changed':
      if (c.status !== 'open') {
        await releaseAssignment(ctx.tx, c.id, ctx.now);
        return dequeue(ctx, c.id, 'closed');
      }
      return enqueueWithReply(ctx, c, 'reopened');
    case 'conversation.updated':
      return c.mode === 'bot' ? dequeue(ctx, c.id, 'bot') : enqueueWithReply(ctx, c, 'human_mode');
    case 'conversation.handover_requested':
      return enqueueWithReply(
        ctx,
        c,
        (event as DomainEvent<'conversation.handover_requested'>).payload.reason,
      );
    case 'conversation.created':
      return enqueueWithReply(ctx, c, 'new');
    case 'message.created': {
      const m = (event as DomainEvent<'message.created'>).payload.message;
      return m.type === 'incoming' ? enqueueWithReply(ctx, c, 'new') : false;
    }
    case 'message.analyzed': {
      const p = (event as DomainEvent<'message.analyzed'>).payload;
      const queued = await enqueueWithReply(ctx, c, 'new'); // the analysis may be processed before the message's own events
      // anger only rises while waiting: a calmer follow-up does not send an angry customer back
      const row = await queueRow(ctx, c.id);
      const update = row && analysisUpdate(row, p);
      if (!update) return queued; // not queued, or nothing moves
      await ctx.tx
        .updateTable('routing_queue')
        .set(update)
        .where('conversation_id', '=', c.id)
        .execute();
      return true;
    }
    case 'conversation.queued':
      return (event as DomainEvent<'conversation.queued'>).payload.reason === 'reordered';
    default:
      return false;
  }
}

type QueueFacts = { anger: number | null; language: string | null; intent: string | null };

const queueFacts = prepared((db, p: { conversationId: string }) =>
  db
    .selectFrom('routing_queue')
    .select(['anger', 'language', 'intent'])
    .where('conversation_id', '=', p.conversationId),
);

function queueRow(ctx: CommandContext, conversationId: string): Promise<QueueFacts | undefined> {
  return queueFacts.first(ctx.tx, { conversationId });
}

/** What an analysis changes in a queued conversation's row; null when nothing moves. Anger only rises while waiting. */
function analysisUpdate(
  row: QueueFacts,
  p: DomainEvent<'message.analyzed'>['payload'],
): { anger: number; language: string | null; intent: string | null } | null {
  const anger = Math.max(
    Number(row.anger ?? 0),
    p.emotion.label === 'angry' ? Math.round(p.emotion.intensity * 100) : 0,
  );
  const language = p.language === 'other' ? null : p.language;
  const intent = p.intent ? p.intent.label : row.intent;
  return anger === Number(row.anger ?? 0) && language === row.language && intent === row.intent
    ? null
    : { anger, language, intent };
}

/** Agents are active when they reply or come online (auto-away reads last_active_at). */
async function trackActivity(ctx: CommandContext, event: DomainEvent): Promise<void> {
  let userId: string | null = null;
  if (event.type === 'user.availability_changed') {
    const p = (event as DomainEvent<'user.availability_changed'>).payload;
    if (p.availability === 'online') userId = p.userId;
  } else if (event.type === 'message.created') {
    const m = (event as DomainEvent<'message.created'>).payload.message;
    if (m.sender.type === 'user') userId = m.sender.id;
  }
  if (userId)
    await upsertProfile(ctx.tx, ctx.accountId, userId, { lastActiveAt: ctx.now }, ctx.now);
}

/** Whether the customer's latest message was sent by a machine (a channel marks it `noAutoReply`, RFC 3834). */
async function lastIncomingIsAutomatic(ctx: CommandContext, conversationId: string) {
  const last = await ctx.tx
    .selectFrom('messages')
    .select('content_attributes')
    .where('account_id', '=', ctx.accountId)
    .where('conversation_id', '=', conversationId)
    .where('message_type', '=', 'incoming')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return parseJson<{ noAutoReply?: unknown }>(last?.content_attributes, {}).noAutoReply === true;
}

async function enqueueWithReply(
  ctx: CommandContext,
  c: Conversation,
  reason: string,
): Promise<boolean> {
  if (!(await enqueue(ctx, c, reason))) return false;
  const s = await settingsFor(ctx.tx, ctx.accountId, { inboxId: c.inbox_id, teamId: c.team_id });
  if (
    s.autoReply.enabled &&
    !isOpen(ctx.now, s.businessHours) &&
    !(await lastIncomingIsAutomatic(ctx, c.id))
  )
    await sendAutoReply(ctx, c, s.autoReply);
  const o = s.queue.overflow;
  if (o.teamId && o.maxQueue != null && !c.team_id) {
    const n = await ctx.tx
      .selectFrom('routing_queue')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', ctx.accountId)
      .executeTakeFirst();
    if (Number(n?.n ?? 0) > o.maxQueue) {
      const team = await ctx.tx
        .selectFrom('teams')
        .select('id')
        .where('account_id', '=', ctx.accountId)
        .where('id', '=', o.teamId)
        .executeTakeFirst();
      if (team)
        await assignConversation(ctx, {
          conversationId: c.id,
          teamId: team.id,
          note: 'Queue overflow / 排队溢出',
        });
    }
  }
  return true;
}

/** Out-of-hours notice, in the conversation's customer language (core/queries), kept out of waiting_since. */
async function sendAutoReply(
  ctx: CommandContext,
  c: Conversation,
  text: { zh: string; en: string },
): Promise<void> {
  const language = textLanguage(await customerLanguage(ctx.tx, ctx.accountId, c.id));
  const current = await ctx.tx
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', c.id)
    .executeTakeFirstOrThrow();
  const { message, conversation } = await appendMessage(
    ctx.tx,
    current,
    {
      type: 'outgoing',
      senderType: 'system',
      senderId: null,
      content: text[language],
      attributes: { kind: 'auto_reply', rule: 'out_of_hours' },
      status: 'sent',
    },
    ctx.now,
  );
  const dto = presentConversation(conversation, await labelsOf(ctx.tx, conversation.id));
  await ctx.events.record(
    'message.created',
    { message: presentMessage(message), conversation: dto },
    conversation.id,
  );
}
