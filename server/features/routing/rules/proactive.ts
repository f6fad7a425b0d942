/**
 * Proactive rules act on a contact rather than on an event of a conversation: they find the contact's
 * active conversation or open one (status pending: it waits on the customer, takes no queue slot and
 * starts no SLA until the customer answers), run the actions there, and write the audit row and
 * `automation.rule_fired` in the same transaction, under the account lock, with the usual loop limit.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { execute } from '../../../core/commands/context.ts';
import { nextCounter } from '../../../core/commands/lib/conversations.ts';
import type { Executor } from '../../../core/db/client.ts';
import type { Conversation } from '../../../core/db/types.ts';
import { badInput, notFound } from '../../../core/errors.ts';
import { newId } from '../../../core/lib/ids.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { parseJson, presentConversation } from '../../../core/presenters/index.ts';
import type { Services } from '../../../core/services.ts';
import { isOpen } from '../domain/business-hours.ts';
import { lockAccount } from '../commands/queue.ts';
import { settingsFor } from '../store/settings.ts';
import { runActions, type PendingWebhook } from './actions.ts';
import { buildFacts, deliverAll, LOOP_LIMIT, LOOP_WINDOW_MS, type Rule } from './engine.ts';

const ACTIVE = ['open', 'pending', 'snoozed'] as const;

/** The contact's active conversation in the inbox, or a new pending one. */
export async function ensureConversation(
  ctx: CommandContext,
  contactId: string,
  inboxId: string,
): Promise<Conversation> {
  const inbox = await ctx.tx
    .selectFrom('inboxes')
    .select(['id', 'settings'])
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', inboxId)
    .executeTakeFirst();
  if (!inbox) throw notFound('inbox');
  const active = await ctx.tx
    .selectFrom('conversations')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where('contact_id', '=', contactId)
    .where('inbox_id', '=', inboxId)
    .where('status', 'in', [...ACTIVE])
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (active) return active;
  const bot = parseJson<{ bot?: { mode?: string } }>(inbox.settings, {}).bot?.mode === 'on';
  const c: Conversation = {
    id: newId(ctx.now),
    account_id: ctx.accountId,
    inbox_id: inboxId,
    contact_id: contactId,
    display_id: await nextCounter(ctx.tx, ctx.accountId, 'conversation_display_id'),
    status: 'pending',
    snoozed_until: null,
    priority: 'none',
    assignee_id: null,
    team_id: null,
    mode: bot ? 'bot' : 'human',
    last_seq: 0,
    last_message_id: null,
    last_message_at: null,
    last_incoming_at: null,
    waiting_since: null,
    contact_last_read_seq: 0,
    created_at: ctx.now,
    updated_at: ctx.now,
    resolved_at: null,
    custom_attributes: '{}',
  };
  await ctx.tx.insertInto('conversations').values(c).execute();
  await ctx.events.record(
    'conversation.created',
    { conversation: presentConversation(c, []) },
    c.id,
  );
  return c;
}

/** Facts for a contact-subject rule: the contact's latest active conversation (if any) plus `event` / `page`. */
export async function contactFacts(
  db: Executor,
  accountId: string,
  contactId: string,
  now: number,
  extra: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const conv = await db
    .selectFrom('conversations')
    .select('id')
    .where('account_id', '=', accountId)
    .where('contact_id', '=', contactId)
    .where('status', 'in', [...ACTIVE])
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const base = conv ? await buildFacts(db, accountId, conv.id, now) : null;
  if (base) return { ...base, ...extra };
  const contact = await db
    .selectFrom('contacts')
    .select(['name', 'email', 'phone', 'attributes'])
    .where('id', '=', contactId)
    .executeTakeFirst();
  const hours = (await settingsFor(db, accountId)).businessHours;
  return {
    conversation: {},
    message: {},
    analysis: {},
    csat: {},
    businessHours: { open: isOpen(now, hours) },
    contact: {
      name: contact?.name ?? null,
      email: contact?.email ?? null,
      phone: contact?.phone ?? null,
      attributes: parseJson(contact?.attributes ?? '{}', {}),
    },
    ...extra,
  };
}

export interface ContactFiring {
  rule: Rule;
  accountId: string;
  contactId: string;
  /** Where to open the conversation; default: the first open_conversation action's inbox, else the latest active conversation. */
  inboxId?: string;
  trigger: { type: string; vars?: Record<string, unknown> };
  /** Runs first in the transaction (after the lock): false = already done elsewhere, skip. */
  claim?: (ctx: CommandContext) => Promise<boolean>;
}
export type ContactOutcome =
  | { outcome: 'fired'; conversationId: string }
  | { outcome: 'skipped' | 'loop_blocked' };

export async function fireForContact(
  services: Services,
  f: ContactFiring,
): Promise<ContactOutcome> {
  const r = await execute(
    services,
    systemActor(f.accountId, `rule:${f.rule.id}`),
    async (ctx) => {
      await lockAccount(ctx.tx, ctx.accountId);
      if (f.claim && !(await f.claim(ctx))) return { outcome: 'skipped' } as const;
      const opener = f.rule.actions.find((a) => a.type === 'open_conversation') as
        | { inboxId: string }
        | undefined;
      const inboxId = f.inboxId ?? opener?.inboxId;
      const conv = inboxId
        ? await ensureConversation(ctx, f.contactId, inboxId)
        : await ctx.tx
            .selectFrom('conversations')
            .selectAll()
            .where('account_id', '=', ctx.accountId)
            .where('contact_id', '=', f.contactId)
            .where('status', 'in', [...ACTIVE])
            .orderBy('created_at', 'desc')
            .limit(1)
            .executeTakeFirst();
      if (!conv)
        throw badInput(
          'no_conversation',
          'The contact has no active conversation and the rule opens none.',
        );
      const recent = await ctx.tx
        .selectFrom('automation_audit')
        .select('id')
        .where('rule_id', '=', f.rule.id)
        .where('conversation_id', '=', conv.id)
        .where('outcome', '=', 'fired')
        .where('created_at', '>', ctx.now - LOOP_WINDOW_MS)
        .execute();
      if (recent.length >= LOOP_LIMIT) return { outcome: 'loop_blocked' } as const;
      const done = await runActions(ctx, conv.id, f.rule.actions, {
        ruleId: f.rule.id,
        event: { id: null, type: f.trigger.type },
        vars: f.trigger.vars,
      });
      const auditId = newId(ctx.now);
      await ctx.tx
        .insertInto('automation_audit')
        .values({
          id: auditId,
          account_id: ctx.accountId,
          rule_id: f.rule.id,
          conversation_id: conv.id,
          event_type: f.trigger.type,
          event_id: null,
          outcome: 'fired',
          detail: JSON.stringify({ actions: done.done, contactId: f.contactId }),
          created_at: ctx.now,
        })
        .execute();
      await ctx.events.record(
        'automation.rule_fired',
        { ruleId: f.rule.id, ruleName: f.rule.name, conversationId: conv.id, actions: done.done },
        conv.id,
      );
      return {
        outcome: 'fired',
        conversationId: conv.id,
        auditId,
        done: done.done,
        webhooks: done.webhooks,
      } as const;
    },
    null,
  );
  if (r.outcome !== 'fired') return r;
  if (r.webhooks.length)
    void deliverAll(services, r.auditId, r.done, r.webhooks as PendingWebhook[]);
  return { outcome: 'fired', conversationId: r.conversationId };
}
