/**
 * Inbound mail that failed (admins and owners): `GET /api/v1/inboxes/:id/email/failures` lists what
 * is in quarantine with its attempts and last error, `POST …/failures/:keyId/retry` ingests one
 * again with fresh attempts (ingest/retry.ts).
 */
import { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { IdParams, pathId } from '../../../core/http/schemas.ts';
import { authorize } from '../../../core/policies/can.ts';
import { retryFailedMail } from '../ingest/retry.ts';
import { loadEmailInbox } from '../outbound/inbox.ts';
import { RawAnswer } from './raw.ts';

const Failure = z.strictObject({
  id: z.string(),
  /** What happened, as a stable code: still retried, or no longer. */
  code: z.enum(['email_ingest_failed', 'email_ingest_attempts_exhausted']),
  attempts: z.number().int(),
  source: z.enum(['smtp', 'imap', 'webhook']),
  lastError: z.string().nullable(),
  quarantined: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const failureRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/inboxes/:id/email/failures',
    auth: 'user',
    summary: 'Inbound mails of an email inbox that failed (quarantine)',
    tags: ['email'],
    params: IdParams,
    response: z.strictObject({ failures: z.array(Failure) }),
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'inbox.manage');
      const inbox = await loadEmailInbox(services.database.db, actor.accountId, pathId(params.id));
      const rows = await services.database.db
        .selectFrom('email_inbound_keys')
        .selectAll()
        .where('account_id', '=', actor.accountId)
        .where('inbox_id', '=', inbox.id)
        .where('status', '=', 'failed')
        .orderBy('updated_at', 'desc')
        .limit(100)
        .execute();
      const max = services.config.EMAIL_INGEST_MAX_ATTEMPTS;
      return {
        failures: rows.map((r) => ({
          id: r.id,
          code:
            Number(r.attempts) >= max
              ? ('email_ingest_attempts_exhausted' as const)
              : ('email_ingest_failed' as const),
          attempts: Number(r.attempts),
          source: r.source,
          lastError: r.last_error,
          quarantined: !!r.raw_storage_key,
          createdAt: new Date(Number(r.created_at)).toISOString(),
          updatedAt: new Date(Number(r.updated_at)).toISOString(),
        })),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/inboxes/:id/email/failures/:keyId/retry',
    auth: 'user',
    summary: 'Ingest a failed inbound mail again from quarantine',
    tags: ['email'],
    params: z.strictObject({ id: z.string(), keyId: z.string() }),
    response: RawAnswer,
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'inbox.manage');
      const inbox = await loadEmailInbox(services.database.db, actor.accountId, pathId(params.id));
      const keyId = pathId(params.keyId) ?? '';
      const r = await retryFailedMail(services, actor.accountId, inbox.id, keyId);
      if (r.status === 'failed' || r.status === 'rejected')
        throw new AppError(
          r.error ?? 'email_ingest_failed',
          422,
          'The mail still could not be stored.',
        );
      return r;
    },
  }),
];
