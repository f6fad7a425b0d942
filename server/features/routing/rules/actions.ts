/**
 * Actions of automation rules and macros. Each runs through the normal commands (so permissions,
 * events and realtime behave exactly as if a person did it); webhooks are returned for delivery
 * after commit, never sent inside the transaction.
 */
import { z } from 'zod';
import { assignConversation } from '../../../core/commands/assign-conversation.ts';
import type { CommandContext } from '../../../core/commands/context.ts';
import { labelsOf, loadConversation } from '../../../core/commands/lib/conversations.ts';
import { requestHuman } from '../../../core/commands/request-human.ts';
import { sendMessage } from '../../../core/commands/send-message.ts';
import { setConversationLabels } from '../../../core/commands/set-conversation-labels.ts';
import { updateConversation } from '../../../core/commands/update-conversation.ts';
import { badInput, notFound, unfilledVariables } from '../../../core/errors.ts';
import { getCannedRenderer } from '../../../core/kit/canned-registry.ts';
import { Id, Priority } from '../../../core/http/schemas.ts';
import { renderTemplate, templateVars } from './template.ts';
import { validateWebhookUrl } from './webhook.ts';

const Content = z.string().trim().min(1).max(5_000);
export const ActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('assign_agent'), agentId: Id }),
  z.strictObject({ type: z.literal('assign_team'), teamId: Id }),
  z.strictObject({ type: z.literal('set_priority'), priority: Priority }),
  z.strictObject({ type: z.literal('add_label'), label: z.string().trim().min(1).max(50) }),
  z.strictObject({ type: z.literal('remove_label'), label: z.string().trim().min(1).max(50) }),
  z.strictObject({ type: z.literal('send_canned'), cannedId: Id }),
  z.strictObject({ type: z.literal('send_message'), content: Content }),
  /** Proactive rules (contact_event, page_view): opens a conversation in the inbox when the contact has no active one, and posts the message. */
  z.strictObject({ type: z.literal('open_conversation'), inboxId: Id, content: Content }),
  z.strictObject({ type: z.literal('add_note'), content: Content }),
  z.strictObject({
    type: z.literal('webhook'),
    url: z
      .string()
      .max(2000)
      .refine((u) => !validateWebhookUrl(u), 'http(s) URL without credentials'),
    /** Write-only: never returned; omitted on a change keeps the stored secret of the webhook with that URL. */
    secret: z.string().min(8).max(200).optional(),
  }),
  z.strictObject({
    type: z.literal('snooze'),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 90),
  }),
  z.strictObject({ type: z.literal('resolve') }),
  z.strictObject({ type: z.literal('hand_to_bot') }),
  z.strictObject({ type: z.literal('hand_to_human') }),
  z.strictObject({
    type: z.literal('notify'),
    to: z.enum(['supervisors', 'assignee', 'all']),
    message: z.string().trim().min(1).max(500),
  }),
]);
export type Action = z.infer<typeof ActionSchema>;

/** Rules as the API shows them: webhook secrets are write-only (`secretSet` says one is stored). */
export function redactActions(actions: Action[]) {
  return actions.map((a) =>
    a.type === 'webhook' ? { type: a.type, url: a.url, secretSet: !!a.secret } : a,
  );
}

/**
 * The actions to store: a webhook sent without its secret keeps the one stored for the same URL
 * (the API never shows secrets, so a client changing other parts cannot send them back).
 */
export function withStoredSecrets(next: Action[], stored: Action[]): Action[] {
  return next.map((a, i) => {
    if (a.type !== 'webhook' || a.secret) return a;
    const prev = stored.find((s) => s.type === 'webhook' && s.url === a.url && s.secret);
    if (!prev || prev.type !== 'webhook')
      throw badInput('invalid_request', 'A new webhook needs a secret (8–200 characters).', [
        { path: `actions.${i}.secret`, message: 'required for a new webhook' },
      ]);
    return { ...a, secret: prev.secret };
  });
}
export const ActionsSchema = z.array(ActionSchema).min(1).max(20);

export interface PendingWebhook {
  url: string;
  secret: string;
  payload: unknown;
}
export interface ActionOutcome {
  done: string[];
  webhooks: PendingWebhook[];
}
/** Why actions run; `vars` adds template variables (e.g. `event.*` of a contact event). */
export interface ActionSource {
  ruleId?: string;
  macroId?: string;
  event?: unknown;
  vars?: Record<string, unknown>;
}

export async function runActions(
  ctx: CommandContext,
  conversationId: string,
  actions: Action[],
  source: ActionSource,
): Promise<ActionOutcome> {
  const out: ActionOutcome = { done: [], webhooks: [] };
  const agentId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  for (const a of actions) {
    await runOne(ctx, conversationId, a, agentId, source, out);
    out.done.push(a.type);
  }
  return out;
}

async function runOne(
  ctx: CommandContext,
  conversationId: string,
  a: Action,
  agentId: string | null,
  source: ActionSource,
  out: ActionOutcome,
): Promise<void> {
  const attrs = { kind: 'auto_reply', ...(source.ruleId ? { rule: source.ruleId } : {}) };
  switch (a.type) {
    case 'assign_agent':
      await assignConversation(ctx, { conversationId, assigneeId: a.agentId });
      return;
    case 'assign_team':
      await assignConversation(ctx, { conversationId, teamId: a.teamId });
      return;
    case 'set_priority':
      await updateConversation(ctx, { conversationId, priority: a.priority });
      return;
    case 'add_label':
    case 'remove_label': {
      const labels = await labelsOf(ctx.tx, conversationId);
      const next =
        a.type === 'add_label'
          ? [...new Set([...labels, a.label])]
          : labels.filter((l) => l !== a.label);
      if (next.length !== labels.length)
        await setConversationLabels(ctx, { conversationId, labels: next });
      return;
    }
    case 'send_canned': {
      // the canned feature picks the customer's language and fills the variables (core/kit)
      const render = getCannedRenderer();
      const canned =
        render &&
        (await render(ctx.tx, {
          accountId: ctx.accountId,
          conversationId,
          cannedId: a.cannedId,
          agentId,
        }));
      if (!canned) throw notFound('canned response');
      // no person reviews it: a reply that cannot be filled is not sent (the firing is audited)
      if (canned.missing.length) throw unfilledVariables(canned.missing.map((m) => m.name));
      await sendMessage(ctx, {
        conversationId,
        content: canned.content,
        ...(agentId ? {} : { attributes: attrs }),
      });
      return;
    }
    case 'send_message':
    case 'open_conversation': // the proactive runner opened (or found) the conversation already
    case 'add_note': {
      const text = renderTemplate(a.content, {
        ...(await templateVars(ctx.tx, ctx.accountId, conversationId, agentId)),
        ...source.vars,
      });
      const attributes = a.type === 'open_conversation' ? { ...attrs, proactive: true } : attrs;
      await sendMessage(ctx, {
        conversationId,
        content: text,
        private: a.type === 'add_note',
        ...(agentId || a.type === 'add_note' ? {} : { attributes }),
      });
      return;
    }
    case 'webhook': {
      const c = await loadConversation(ctx.tx, ctx.accountId, conversationId);
      out.webhooks.push({
        url: a.url,
        secret: a.secret ?? '', // stored rules always have one (withStoredSecrets)
        payload: {
          ruleId: source.ruleId,
          macroId: source.macroId,
          event: source.event,
          conversation: {
            id: c.id,
            displayId: c.display_id,
            status: c.status,
            priority: c.priority,
            inboxId: c.inbox_id,
            contactId: c.contact_id,
          },
        },
      });
      return;
    }
    case 'snooze':
      await updateConversation(ctx, {
        conversationId,
        status: 'snooze',
        snoozedUntil: ctx.now + a.minutes * 60_000,
      });
      return;
    case 'resolve':
      await updateConversation(ctx, { conversationId, status: 'resolve' });
      return;
    case 'hand_to_bot':
      await updateConversation(ctx, { conversationId, mode: 'bot' });
      return;
    case 'hand_to_human':
      await requestHuman(ctx, { conversationId, reason: 'rule' });
      return;
    case 'notify':
      await ctx.events.record(
        'automation.notification',
        {
          ruleId: source.ruleId ?? source.macroId ?? '',
          conversationId,
          message: a.message,
          to: a.to,
        },
        conversationId,
      );
      return;
  }
}
