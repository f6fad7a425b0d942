/** zod schemas of the report API (they validate requests and feed the OpenAPI document). */
import { z } from 'zod';
import { Id } from '../../../core/http/schemas.ts';

export const GROUP_BY = ['agent', 'team', 'inbox', 'channel', 'label', 'intent'] as const;
export const ONLY = [
  'resolved',
  'unresolved',
  'reopened',
  'bot_only',
  'handed_over',
  'ai_resolved',
  'one_touch',
  'fcr',
  'not_fcr',
  'rated',
  'satisfied',
  'sla_breached',
] as const;

const Bool = z.enum(['true', 'false']).default('false');

/** The filters every report endpoint takes. */
export const ReportFilters = {
  from: z.string().max(40).describe('YYYY-MM-DD (account time zone) or an ISO 8601 time'),
  to: z.string().max(40).describe('YYYY-MM-DD (inclusive) or an ISO 8601 time (exclusive)'),
  businessHours: Bool.describe('durations in business time (the schedule in force at each event)'),
  fcrWindowHours: z.coerce.number().int().min(1).max(720).default(72),
  inboxId: Id.optional(),
  teamId: Id.optional(),
  agentId: Id.optional(),
  channel: z.string().max(40).optional(),
  label: z.string().max(80).optional(),
  intent: z.string().max(80).optional(),
};

export const OverviewQuery = z.strictObject({
  ...ReportFilters,
  compare: z.enum(['previous']).optional(),
  groupBy: z.enum(GROUP_BY).optional(),
});

export const DrillQuery = z.strictObject({
  ...ReportFilters,
  only: z.enum(ONLY).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const ExportQuery = z.strictObject({ ...ReportFilters, only: z.enum(ONLY).optional() });

const Dist = z.object({
  count: z.number(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
  mean: z.number().nullable(),
});
const Rate = z.number().nullable();

export const MetricsSchema = z.object({
  conversations: z.number(),
  resolved: z.number(),
  reopened: z.number(),
  botInvolved: z.number(),
  botOnly: z.number(),
  handedOver: z.number(),
  aiResolved: z.number(),
  oneTouch: z.number(),
  fcr: z.object({ eligible: z.number(), achieved: z.number() }),
  csat: z.object({ responses: z.number(), satisfied: z.number() }),
  nps: z.object({ responses: z.number(), promoters: z.number(), detractors: z.number() }),
  sla: z.object({ met: z.number(), breached: z.number() }),
  rates: z.object({
    oneTouch: Rate,
    fcr: Rate,
    aiResolution: Rate,
    handover: Rate,
    csat: Rate,
    nps: Rate,
    slaAchievement: Rate,
  }),
  durations: z.object({
    frt: Dist,
    nextReply: Dist,
    firstResolution: Dist,
    fullResolution: Dist,
    requesterWait: Dist,
    timeToHuman: Dist,
    handling: Dist,
  }),
});

const RangeOut = z.object({ from: z.string(), to: z.string() });

export const OverviewResponse = z.object({
  range: RangeOut,
  timeZone: z.string(),
  businessHours: z.boolean(),
  fcrWindowHours: z.number(),
  current: MetricsSchema,
  previous: z.object({ range: RangeOut, metrics: MetricsSchema }).nullable(),
  groups: z
    .array(
      z.object({ key: z.string().nullable(), name: z.string().nullable(), metrics: MetricsSchema }),
    )
    .nullable(),
});

export const DrillRow = z.object({
  conversationId: z.string(),
  createdAt: z.string(),
  channel: z.string(),
  inboxId: z.string(),
  teamId: z.string().nullable(),
  agentId: z.string().nullable(),
  status: z.string(),
  intent: z.string().nullable(),
  labels: z.array(z.string()),
  frtMs: z.number().nullable(),
  firstResolutionMs: z.number().nullable(),
  fullResolutionMs: z.number().nullable(),
  requesterWaitMs: z.number().nullable(),
  nextReplyMs: z.number().nullable(),
  timeToHumanMs: z.number().nullable(),
  touches: z.number(),
  reopens: z.number(),
  reassignments: z.number(),
  botOnly: z.boolean(),
  handedOver: z.boolean(),
  csat: z.number().nullable(),
});

export const DrillResponse = z.object({
  data: z.array(DrillRow),
  nextCursor: z.string().nullable(),
  businessHours: z.boolean(),
});
