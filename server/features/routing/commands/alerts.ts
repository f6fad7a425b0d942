/**
 * Supervisor early warning: anger above the threshold (from message.analyzed) or a request for a human
 * that nobody answered yet raises one alert per conversation and kind; the first human reply closes it
 * and records the time from alert to reply.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import type { Conversation } from '../../../core/db/types.ts';
import type { DomainEvent } from '../../../core/events/catalog.ts';
import { newId } from '../../../core/lib/ids.ts';
import { settingsFor } from '../store/settings.ts';
import { lockAccount } from './queue.ts';

export const ALERT_TRIGGERS = [
  'message.analyzed',
  'conversation.handover_requested',
  'message.created',
] as const;

/**
 * Most per-message events can neither raise nor answer an alert: decided from the event alone, so the
 * processor skips them without opening a transaction (and the command again, for direct callers).
 */
export function alertsRelevant(event: DomainEvent): boolean {
  if (!event.conversationId) return false;
  if (event.type === 'message.created') {
    const m = (event as DomainEvent<'message.created'>).payload.message;
    return m.type === 'outgoing' && m.sender.type === 'user';
  }
  if (event.type === 'message.analyzed') {
    const p = (event as DomainEvent<'message.analyzed'>).payload;
    return p.emotion.label === 'angry' || !!p.humanRequest;
  }
  return true;
}

export async function alertsOnEvent(ctx: CommandContext, event: DomainEvent): Promise<void> {
  if (!alertsRelevant(event) || !event.conversationId) return;
  await lockAccount(ctx.tx, ctx.accountId); // one open alert per conversation and kind, also across nodes
  const c = await ctx.tx
    .selectFrom('conversations')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', event.conversationId)
    .executeTakeFirst();
  if (!c) return;
  if (event.type === 'message.created') {
    const m = (event as DomainEvent<'message.created'>).payload.message;
    if (m.type === 'outgoing' && m.sender.type === 'user') await answer(ctx, c.id);
    return;
  }
  const s = await settingsFor(ctx.tx, ctx.accountId, { inboxId: c.inbox_id, teamId: c.team_id });
  if (event.type === 'message.analyzed') {
    const p = (event as DomainEvent<'message.analyzed'>).payload;
    if (p.emotion.label === 'angry' && p.emotion.intensity >= s.alerts.angerThreshold)
      await raise(ctx, c, 'anger', p.emotion.intensity);
    if (p.humanRequest && s.alerts.humanRequest && c.waiting_since != null)
      await raise(ctx, c, 'human_request', 1);
    return;
  }
  const reason = (event as DomainEvent<'conversation.handover_requested'>).payload.reason;
  if (
    s.alerts.humanRequest &&
    c.waiting_since != null &&
    ['customer_request', 'detected_request', 'negative_emotion'].includes(reason)
  ) {
    await raise(ctx, c, reason === 'negative_emotion' ? 'anger' : 'human_request', 1);
  }
}

async function raise(
  ctx: CommandContext,
  c: Conversation,
  kind: 'anger' | 'human_request',
  intensity: number,
): Promise<void> {
  const open = await ctx.tx
    .selectFrom('routing_alerts')
    .select('id')
    .where('conversation_id', '=', c.id)
    .where('kind', '=', kind)
    .where('answered_at', 'is', null)
    .executeTakeFirst();
  if (open) return;
  const id = newId(ctx.now);
  await ctx.tx
    .insertInto('routing_alerts')
    .values({
      id,
      account_id: ctx.accountId,
      conversation_id: c.id,
      kind,
      intensity: Math.round(intensity * 100),
      created_at: ctx.now,
      acknowledged_by: null,
      answered_at: null,
      response_ms: null,
    })
    .execute();
  await ctx.events.record(
    'routing.alert_raised',
    {
      alertId: id,
      conversationId: c.id,
      kind,
      intensity,
      assigneeId: c.assignee_id,
      actions: ['join', 'take_over'],
    },
    c.id,
  );
}

async function answer(ctx: CommandContext, conversationId: string): Promise<void> {
  const open = await ctx.tx
    .selectFrom('routing_alerts')
    .select(['id', 'created_at'])
    .where('conversation_id', '=', conversationId)
    .where('answered_at', 'is', null)
    .execute();
  for (const a of open) {
    const responseMs = Math.max(0, ctx.now - Number(a.created_at));
    const res = await ctx.tx
      .updateTable('routing_alerts')
      .set({ answered_at: ctx.now, response_ms: responseMs })
      .where('id', '=', a.id)
      .where('answered_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows))
      await ctx.events.record(
        'routing.alert_answered',
        { alertId: a.id, conversationId, responseMs },
        conversationId,
      );
  }
}
