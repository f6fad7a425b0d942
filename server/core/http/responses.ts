/**
 * Response schemas of the core's routes (`response:` of defineRoute): the OpenAPI document's success
 * bodies and, under config.checkResponses (tests), the check of every JSON answer. Entities are the
 * shared/dto.ts schemas the presenters produce; what is here wraps them (lists, pages, small answers).
 */
import { z, type ZodType } from 'zod';
import { ContactSchema, ConversationRowSchema, MessageSchema } from '../../../shared/dto.ts';

export const Iso = z.string();
export const Json = z.record(z.string(), z.unknown());

/** `{ data: [...] }`: a whole list. */
export const listOf = <T extends ZodType>(item: T) => z.object({ data: z.array(item) });
/** `{ data: [...], nextCursor }`: a page with the cursor of the next one (null on the last). */
export const pageOf = <T extends ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });
/** `{ ok: true }`: done, nothing else to tell. */
export const Ok = z.object({ ok: z.literal(true) });

/** A read cursor after mark-read / mark-unread. */
export const ReadSeq = z.object({ seq: z.number() });

/** GET /api/v1/conversations/counts. */
export const ViewCounts = z.object({
  mine: z.number(),
  unassigned: z.number(),
  all: z.number(),
  /** Open conversations the bot owns (outside the human views until handover). */
  bot: z.number(),
  byStatus: z.record(z.string(), z.number()),
  byTeam: z.record(z.string(), z.number()),
  byInbox: z.record(z.string(), z.number()),
  byLabel: z.record(z.string(), z.number()),
});

/** GET /api/v1/conversations/:id/messages. */
export const MessagePage = z.object({
  data: z.array(MessageSchema),
  hasMore: z.boolean(),
  lastSeq: z.number(),
});

/** GET /api/v1/events: account events after a cursor (resume). */
export const EventsSince = z.object({
  events: z.array(
    z.object({
      id: z.number(),
      accountId: z.string(),
      type: z.string(),
      conversationId: z.string().nullable(),
      payload: Json,
      createdAt: z.number(),
    }),
  ),
  resync: z.boolean(),
  cursor: z.number(),
});

/** A row of the dead-letter list. */
export const DeadJob = z.object({
  id: z.string(),
  processor: z.string(),
  eventId: z.number(),
  eventType: z.string(),
  error: z.string(),
  attempts: z.number(),
  firstFailedAt: Iso,
  failedAt: Iso,
});
export const DeadJobPage = z.object({ data: z.array(DeadJob), nextBefore: z.string().nullable() });
/** POST /api/v1/dead-jobs/:id/retry. */
export const RetryResult = z.union([
  z.object({ status: z.literal('completed') }),
  z.object({
    status: z.literal('failed'),
    error: z.string(),
    attempts: z.number().optional(),
    failedAt: Iso.optional(),
  }),
]);

export const ContactPage = pageOf(ContactSchema);
export const ConversationPage = pageOf(ConversationRowSchema);
