/**
 * The outbox for admins: GET `/api/v1/email/outbox?state=failed` lists mail in one state (failed by
 * default: what needs a look), with the failure's code, its meaning in Chinese and English and the
 * relay's words; POST `/api/v1/email/outbox/:id/retry` sends a failed or bounced mail again
 * (409 `email_not_retryable` otherwise).
 */
import { z } from 'zod';
import { execute } from '../../../../core/commands/context.ts';
import { notFound } from '../../../../core/errors.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { listOf } from '../../../../core/http/responses.ts';
import { IdParams, Limit, pathId } from '../../../../core/http/schemas.ts';
import { authorize } from '../../../../core/policies/can.ts';
import { listOutbox, type OutboxRow } from '../outbox.ts';
import { retryOutbox } from '../record-attempt.ts';
import { runnerFor } from '../runner.ts';
import { type DeliveryCode, DELIVERY_CODES, describeFailure } from '../strings.ts';

const STATES = ['pending', 'deferred', 'sent', 'failed', 'bounced'] as const;
const iso = (v: number | null) => (v == null ? null : new Date(Number(v)).toISOString());
const isDeliveryCode = (c: string | null): c is DeliveryCode =>
  !!c && (DELIVERY_CODES as readonly string[]).includes(c);

const OutboxItem = z.strictObject({
  id: z.string(),
  inboxId: z.string(),
  conversationId: z.string(),
  messageId: z.string(),
  state: z.enum(STATES),
  automatic: z.boolean(),
  recipient: z.string(),
  rfcMessageId: z.string(),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  code: z.string().nullable(),
  /** The code's meaning for people, in both languages. */
  explanation: z.strictObject({ 'zh-CN': z.string(), en: z.string() }).nullable(),
  smtpResponse: z.string().nullable(),
  warning: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  sentAt: z.string().nullable(),
});

export function presentOutbox(r: OutboxRow): z.infer<typeof OutboxItem> {
  return {
    id: r.id,
    inboxId: r.inbox_id,
    conversationId: r.conversation_id,
    messageId: r.message_id,
    state: r.state,
    automatic: !!Number(r.automatic),
    recipient: r.recipient,
    rfcMessageId: r.rfc_message_id,
    attempts: Number(r.attempts),
    nextAttemptAt: r.state === 'deferred' || r.state === 'pending' ? iso(r.next_attempt_at) : null,
    code: r.last_code,
    explanation: isDeliveryCode(r.last_code)
      ? describeFailure(r.last_code, r.last_response ?? '')
      : null,
    smtpResponse: r.last_response,
    warning: r.warning,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    sentAt: iso(r.sent_at),
  };
}

export const outboxRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/email/outbox',
    auth: 'user',
    summary: 'Outgoing mail in one delivery state (failed by default), newest change first',
    tags: ['email'],
    query: z.strictObject({ state: z.enum(STATES).default('failed'), limit: Limit.default(50) }),
    response: listOf(OutboxItem),
    handler: async ({ actor, query, services }) => {
      authorize(actor, 'inbox.manage');
      const rows = await listOutbox(
        services.database.db,
        actor.accountId,
        query.state,
        query.limit,
      );
      return { data: rows.map(presentOutbox) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/email/outbox/:id/retry',
    auth: 'user',
    summary: 'Send a failed or bounced mail again (its attempts start over)',
    tags: ['email'],
    params: IdParams,
    response: OutboxItem,
    handler: async ({ actor, params, services }) => {
      const id = pathId(params.id);
      if (!id) throw notFound('mail');
      const row = await execute(services, actor, retryOutbox, { outboxId: id });
      void runnerFor(services).kick(row.id);
      return presentOutbox(row);
    },
  }),
];
