/**
 * Runs the account's automation rules for a domain event: rules in order, conditions over facts,
 * actions through commands (one transaction per firing, with its audit row), stop-processing, and
 * loop protection (a rule fires at most LOOP_LIMIT times per conversation within LOOP_WINDOW_MS).
 */
import { execute } from '../../../core/commands/context.ts';
import type { Executor } from '../../../core/db/client.ts';
import { prepared } from '../../../core/db/prepared.ts';
import { labelsOf } from '../../../core/commands/lib/conversations.ts';
import type { AutomationRulesTable } from '../tables.ts';
import type { DomainEvent, EventType } from '../../../core/events/catalog.ts';
import { newId } from '../../../core/lib/ids.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import type { Services } from '../../../core/services.ts';
import { isOpen } from '../domain/business-hours.ts';
import { configCache } from '../store/config-cache.ts';
import { settingsFor } from '../store/settings.ts';
import { lockAccount } from '../commands/queue.ts';
import { runActions, type Action } from './actions.ts';
import { evaluate, fieldGroups, type Group } from './conditions.ts';
import { deliverWebhook } from './webhook.ts';

export const RULE_EVENTS = [
  'conversation_created',
  'conversation_updated',
  'message_received',
  'message_analyzed',
  'sla_warning',
  'sla_breached',
  'emotion_alert',
  'csat_received',
  'schedule',
  'contact_event',
  'page_view',
] as const;
export type RuleEvent = (typeof RULE_EVENTS)[number];
export const LOOP_LIMIT = 5;
export const LOOP_WINDOW_MS = 60_000;

const MAP: Partial<Record<EventType, RuleEvent>> = {
  'conversation.created': 'conversation_created',
  'conversation.updated': 'conversation_updated',
  'conversation.status_changed': 'conversation_updated',
  'conversation.assigned': 'conversation_updated',
  'message.created': 'message_received',
  'message.analyzed': 'message_analyzed',
  'sla.warning': 'sla_warning',
  'sla.breached': 'sla_breached',
  'routing.alert_raised': 'emotion_alert',
  'csat.received': 'csat_received',
};
export const RULE_TRIGGERS = Object.keys(MAP) as EventType[];

export function ruleEventOf(event: DomainEvent): RuleEvent | null {
  if (
    event.type === 'message.created' &&
    (event as DomainEvent<'message.created'>).payload.message.type !== 'incoming'
  )
    return null;
  return MAP[event.type] ?? null;
}

/** Facts the conditions see. `message`/`analysis` come from the event when it carries them. */
const factsConversation = prepared((db, p: { accountId: string; id: string }) =>
  db
    .selectFrom('conversations')
    .innerJoin('inboxes', 'inboxes.id', 'conversations.inbox_id')
    .selectAll('conversations')
    .select('inboxes.channel_type')
    .where('conversations.account_id', '=', p.accountId)
    .where('conversations.id', '=', p.id),
);
const factsContact = prepared((db, p: { id: string }) =>
  db.selectFrom('contacts').select(['name', 'email', 'phone', 'attributes']).where('id', '=', p.id),
);
const lastCustomerMessage = prepared((db, p: { conversationId: string }) =>
  db
    .selectFrom('messages')
    .select(['content', 'message_type as type'])
    .where('conversation_id', '=', p.conversationId)
    .where('message_type', '=', 'incoming')
    .orderBy('seq', 'desc')
    .limit(1),
);

/** Facts that come with the event itself (no database read). */
export function eventFacts(event?: DomainEvent): Record<string, unknown> {
  const a =
    event?.type === 'message.analyzed' ? (event as DomainEvent<'message.analyzed'>).payload : null;
  const m =
    event?.type === 'message.created'
      ? (event as DomainEvent<'message.created'>).payload.message
      : null;
  const p = (event?.payload ?? {}) as Record<string, unknown>;
  return {
    event: { type: event?.type ?? null, kind: p.kind ?? null },
    message: m ? { content: m.content, type: m.type } : {},
    analysis: a
      ? {
          language: a.language,
          intent: a.intent?.label ?? null,
          intentConfidence: a.intent?.confidence ?? null,
          emotion: a.emotion.label,
          emotionIntensity: a.emotion.intensity,
          sentiment: a.sentiment.label,
          humanRequest: a.humanRequest,
        }
      : {},
    csat: event?.type === 'csat.received' ? { rating: p.rating, comment: p.comment } : {},
  };
}

/** Whether conditions only look at facts the event carries (then no conversation, contact or hours are read). */
export function eventFactsSuffice(groups: Group[], event: DomainEvent): boolean {
  const own = new Set([
    'event',
    'analysis',
    'csat',
    ...(event.type === 'message.created' ? ['message'] : []),
  ]);
  return groups.every((g) => [...fieldGroups(g)].every((f) => own.has(f)));
}

export async function buildFacts(
  db: Executor,
  accountId: string,
  conversationId: string,
  now: number,
  event?: DomainEvent,
): Promise<Record<string, unknown> | null> {
  const c = await factsConversation.first(db, { accountId, id: conversationId });
  if (!c) return null;
  const contact = await factsContact.first(db, { id: c.contact_id });
  const labels = await labelsOf(db, c.id);
  const own = eventFacts(event);
  const message =
    event?.type === 'message.created'
      ? null
      : await lastCustomerMessage.first(db, { conversationId: c.id });
  const hours = (await settingsFor(db, accountId, { inboxId: c.inbox_id, teamId: c.team_id }))
    .businessHours;
  const minutesSince = (ts: number | null) =>
    ts == null ? null : Math.floor((now - Number(ts)) / 60_000);
  return {
    ...own,
    conversation: {
      id: c.id,
      status: c.status,
      priority: c.priority,
      inboxId: c.inbox_id,
      teamId: c.team_id,
      assigneeId: c.assignee_id,
      mode: c.mode,
      channel: c.channel_type,
      labels,
      // time facts for schedule rules: "pending for more than 24 h", "label X and no reply for 2 h"
      ageMinutes: minutesSince(c.created_at),
      idleMinutes: minutesSince(c.updated_at),
      waitingMinutes: minutesSince(c.waiting_since),
      minutesSinceCustomer: minutesSince(c.last_incoming_at),
    },
    ...(message ? { message: { content: message.content, type: message.type } } : {}),
    contact: {
      name: contact?.name ?? null,
      email: contact?.email ?? null,
      phone: contact?.phone ?? null,
      attributes: parseJson(contact?.attributes ?? '{}', {}),
    },
    businessHours: { open: isOpen(now, hours) },
  };
}

export interface Rule {
  id: string;
  name: string;
  conditions: Group;
  actions: Action[];
  stopProcessing: boolean;
  trigger: unknown;
}
export const toRule = (r: AutomationRulesTable): Rule => ({
  id: r.id,
  name: r.name,
  conditions: JSON.parse(r.conditions),
  actions: JSON.parse(r.actions),
  stopProcessing: !!r.stop_processing,
  trigger: r.trigger ? JSON.parse(r.trigger) : null,
});

/** What made a rule fire: a domain event, or a schedule slot (id null). */
export interface RuleTrigger {
  id: number | null;
  type: string;
  accountId: string;
  conversationId: string | null;
}

const rulesCache = configCache<Array<Rule & { event: string }>>();

/** The account's enabled rules in order (cached per account; rule writes call routingConfigChanged). */
function enabledRules(db: Executor, accountId: string): Promise<Array<Rule & { event: string }>> {
  return rulesCache.get(
    accountId,
    async () =>
      (
        await db
          .selectFrom('automation_rules')
          .selectAll()
          .where('account_id', '=', accountId)
          .where('enabled', '=', 1)
          .orderBy('position')
          .orderBy('id')
          .execute()
      ).map((r) => ({ ...toRule(r), event: r.event })),
    { inTransaction: db.isTransaction },
  );
}

export async function runRules(services: Services, event: DomainEvent): Promise<string[]> {
  const ruleEvent = ruleEventOf(event);
  if (!ruleEvent || !event.conversationId) return [];
  const db = services.database.db;
  const rules = (await enabledRules(db, event.accountId)).filter((r) => r.event === ruleEvent);
  if (!rules.length) return [];
  const fired: string[] = [];
  const light = eventFactsSuffice(
    rules.map((r) => r.conditions),
    event,
  ); // e.g. "intent is refund": nothing to read
  let facts: Record<string, unknown> | null | undefined;
  for (const rule of rules) {
    // facts are read once, and again only after a rule fired (its actions may have changed them)
    facts ??= light
      ? eventFacts(event)
      : await buildFacts(db, event.accountId, event.conversationId, services.clock.now(), event);
    if (!facts || !evaluate(rule.conditions, facts)) continue;
    const outcome = await fire(services, event, rule);
    if (outcome === 'fired') {
      fired.push(rule.id);
      facts = undefined;
    }
    if (outcome !== 'loop_blocked' && rule.stopProcessing) break;
  }
  return fired;
}

export async function fire(
  services: Services,
  event: RuleTrigger,
  rule: Rule,
): Promise<'fired' | 'loop_blocked' | 'error'> {
  const conversationId = event.conversationId!;
  const actor = systemActor(event.accountId, `rule:${rule.id}`);
  try {
    const result = await execute(
      services,
      actor,
      async (ctx) => {
        await lockAccount(ctx.tx, ctx.accountId); // the loop count below is exact across concurrent events and nodes
        const recent = await ctx.tx
          .selectFrom('automation_audit')
          .select('outcome')
          .where('rule_id', '=', rule.id)
          .where('conversation_id', '=', conversationId)
          .where('created_at', '>', ctx.now - LOOP_WINDOW_MS)
          .execute();
        if (recent.filter((r) => r.outcome === 'fired').length >= LOOP_LIMIT)
          return {
            blocked: !recent.some((r) => r.outcome === 'loop_blocked') ? 'first' : 'again',
          } as const;
        const r = await runActions(ctx, conversationId, rule.actions, {
          ruleId: rule.id,
          event: { id: event.id, type: event.type },
        });
        const id = newId(ctx.now);
        await ctx.tx
          .insertInto('automation_audit')
          .values({
            id,
            account_id: ctx.accountId,
            rule_id: rule.id,
            conversation_id: conversationId,
            event_type: event.type,
            event_id: event.id,
            outcome: 'fired',
            detail: JSON.stringify({ actions: r.done }),
            created_at: ctx.now,
          })
          .execute();
        await ctx.events.record(
          'automation.rule_fired',
          { ruleId: rule.id, ruleName: rule.name, conversationId, actions: r.done },
          conversationId,
        );
        return { ...r, auditId: id };
      },
      null,
    );
    if ('blocked' in result) {
      if (result.blocked === 'first')
        await audit(services, event, rule, 'loop_blocked', { limit: LOOP_LIMIT });
      return 'loop_blocked';
    }
    if (result.webhooks.length)
      void deliverAll(services, result.auditId, result.done, result.webhooks);
    return 'fired';
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'internal_error';
    await audit(services, event, rule, 'error', { error: code });
    return 'error';
  }
}

/** Webhook delivery options; whether private addresses are reachable comes from config (OUTBOUND_ALLOW_PRIVATE). */
export const webhookOptions = (services: Services) => ({
  allowPrivate: services.config.allowPrivateOutbound,
  timeoutMs: 5_000,
});

export async function deliverAll(
  services: Services,
  auditId: string,
  done: string[],
  hooks: Array<{ url: string; secret: string; payload: unknown }>,
): Promise<void> {
  const results = [];
  for (const h of hooks)
    results.push({
      url: h.url,
      ...(await deliverWebhook(h.url, h.payload, h.secret, webhookOptions(services))),
    });
  await services.database.db
    .updateTable('automation_audit')
    .set({ detail: JSON.stringify({ actions: done, webhooks: results }) })
    .where('id', '=', auditId)
    .execute()
    .catch((err) => services.log.warn({ err }, 'webhook audit update failed'));
}

export async function audit(
  services: Services,
  event: RuleTrigger,
  rule: Rule,
  outcome: string,
  detail: unknown,
): Promise<void> {
  const now = services.clock.now();
  await services.database.db
    .insertInto('automation_audit')
    .values({
      id: newId(now),
      account_id: event.accountId,
      rule_id: rule.id,
      conversation_id: event.conversationId,
      event_type: event.type,
      event_id: event.id,
      outcome,
      detail: JSON.stringify(detail),
      created_at: now,
    })
    .execute();
}
