/** Response schemas of the routing feature's routes (OpenAPI and the test-time response check). */
import { z } from 'zod';
import { QueueStatusSchema } from '../../../shared/dto.ts';
import { Iso, Json, listOf, Ok } from '../../core/http/responses.ts';

/** An action as the API shows it: a webhook's signing secret is write-only (secretSet instead). */
const Action = z.union([
  z.strictObject({ type: z.literal('webhook'), url: z.string(), secretSet: z.boolean() }),
  z.object({ type: z.string().refine((t) => t !== 'webhook', 'webhooks are shown redacted') }),
]);

const Alert = z.object({
  id: z.string(),
  conversationId: z.string(),
  kind: z.string(),
  /** 0..1 */
  intensity: z.number(),
  createdAt: Iso,
  acknowledgedBy: z.string().nullable(),
  answeredAt: Iso.nullable(),
  responseMs: z.number().nullable(),
});

const Rule = z.object({
  id: z.string(),
  name: z.string(),
  event: z.string(),
  conditions: Json,
  actions: z.array(Action),
  stopProcessing: z.boolean(),
  trigger: z.unknown(),
  position: z.number(),
  enabled: z.boolean(),
  updatedAt: Iso,
  nextRunAt: Iso.nullable(),
  lastRunAt: Iso.nullable(),
});

const Macro = z.object({
  id: z.string(),
  name: z.string(),
  actions: z.array(Action),
  createdBy: z.string().nullable(),
});

const Policy = z.object({
  id: z.string(),
  name: z.string(),
  inboxId: z.string().nullable(),
  priority: z.string().nullable(),
  firstResponseMinutes: z.number(),
  nextResponseMinutes: z.number().nullable(),
  resolutionMinutes: z.number().nullable(),
  warnAtPercent: z.number(),
  businessHoursOnly: z.boolean(),
});

/** The stored layer of routing settings (store/settings.ts SettingsSchema). */
const Settings = z.object({ settings: Json });

export const routingResponses = {
  Ok,
  Alert,
  Alerts: listOf(
    Alert.extend({
      displayId: z.number().int(),
      contactName: z.string().nullable(),
      channel: z.string().nullable(),
      lastMessage: z.string().nullable(),
    }),
  ),
  Rule,
  Rules: listOf(Rule),
  DryRun: z.object({
    checked: z.number(),
    matched: z.array(z.object({ conversationId: z.string(), displayId: z.number() })),
  }),
  Audit: listOf(
    z.object({
      id: z.string(),
      ruleId: z.string(),
      conversationId: z.string().nullable(),
      eventType: z.string(),
      outcome: z.string(),
      detail: z.unknown(),
      createdAt: Iso,
    }),
  ),
  Macro,
  Macros: listOf(Macro),
  /** The action types a macro ran. */
  MacroRun: z.object({ actions: z.array(z.string()) }),
  Rendered: z.object({ content: z.string() }),
  ContactEvent: z.object({
    id: z.string(),
    contactId: z.string(),
    duplicate: z.boolean(),
    scheduled: z.array(z.object({ ruleId: z.string(), dueAt: Iso.nullable() })),
  }),
  PageView: z.object({ fired: z.number(), conversationId: z.string().nullable() }),
  /** The visitor's place in the queue; all null without a conversation. */
  VisitorQueue: z.union([
    QueueStatusSchema,
    z.strictObject({
      conversationId: z.null(),
      position: z.null(),
      estimatedWaitSeconds: z.null(),
      overflow: z.null(),
    }),
  ]),
  Queue: listOf(
    QueueStatusSchema.extend({
      contactId: z.string(),
      /** The conversation's number in the account (#12). */
      displayId: z.number().int(),
      /** Null for an anonymous visitor (the console shows "Visitor #<displayId>"). */
      contactName: z.string().nullable(),
      channel: z.string(),
      /** The customer's latest message, shortened. */
      lastMessage: z.string().nullable(),
      /** Seconds the customer has been waiting for a human. */
      waitedSeconds: z.number().int(),
      /** The latest analysed message's emotion, when analysed. */
      emotion: z.string().nullable(),
      reason: z.string(),
      /** 0..1 */
      anger: z.number(),
      tier: z.string(),
      intent: z.string().nullable(),
      language: z.string().nullable(),
      enqueuedAt: Iso,
      pinned: z.boolean(),
    }),
  ),
  Assigned: z.object({ conversationId: z.string(), assigneeId: z.string().nullable() }),
  Settings,
  AccountSettings: Settings.extend({
    /** Account, inbox and team layers merged with the defaults. */
    effective: Json,
    open: z.boolean(),
    nextOpenAt: Iso.nullable(),
  }),
  Agents: listOf(
    z.object({
      id: z.string(),
      status: z.string(),
      skills: z.record(z.string(), z.number()),
      languages: z.array(z.string()),
      teams: z.array(z.string()),
      inboxes: z.array(z.string()),
      load: z.record(z.string(), z.number()),
      capacity: z.record(z.string(), z.number()),
      lastAssignedAt: z.number(),
    }),
  ),
  Policy,
  Policies: listOf(Policy),
  Timers: listOf(
    z.object({
      kind: z.string(),
      state: z.string(),
      dueAt: Iso.nullable(),
      warned: z.boolean(),
      /** Business time left; negative when breached. */
      remainingMs: z.number().nullable(),
      policyId: z.string(),
      breachedAt: Iso.nullable(),
    }),
  ),
};
