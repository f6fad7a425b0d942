/**
 * The raw-MIME webhook for providers that push mail: `POST /api/v1/channels/email/:inboxId/raw`,
 * the body is the .eml (`Content-Type: message/rfc822`, up to EMAIL_MAX_BYTES), signed like Kefu's
 * other webhooks with the inbox's secret (`hmacSecret`, shown to admins with the inbox):
 * `X-Kefu-Timestamp: <unix ms>` and `X-Kefu-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`,
 * at most 5 minutes off. Answers 200 with what happened (stored, duplicate — a redelivery —, looped),
 * 422 for a mail refused for good, 503 while a failing mail can still be retried (send it again).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError, notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { pathId } from '../../../core/http/schemas.ts';
import type { Services } from '../../../core/services.ts';
import { ingestRawMail } from '../ingest/ingest.ts';

export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export const RawAnswer = z.strictObject({
  status: z.enum(['stored', 'duplicate', 'looped']),
  conversationId: z.string().optional(),
  messageId: z.string().optional(),
  error: z.string().optional(),
});

const badSignature = (message: string) => new AppError('invalid_signature', 403, message);

export function signRaw(secret: string, timestamp: number, body: Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

export const rawRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/channels/email/:inboxId/raw',
    auth: 'none',
    summary: 'Deliver one raw mail (.eml) to an email inbox (HMAC-signed webhook for providers)',
    tags: ['email'],
    params: z.strictObject({ inboxId: z.string() }),
    rawBody: true,
    response: RawAnswer,
    handler: async ({ params, req, services }) => {
      const id = pathId(params.inboxId);
      const inbox = id
        ? await services.database.db
            .selectFrom('inboxes')
            .select(['id', 'hmac_secret'])
            .where('id', '=', id)
            .where('channel_type', '=', 'email')
            .executeTakeFirst()
        : undefined;
      if (!inbox) throw notFound('inbox');
      const body = req.body;
      if (!Buffer.isBuffer(body))
        throw new AppError('unsupported_media_type', 415, 'Send the mail as message/rfc822.');
      checkSignature(services, inbox.hmac_secret, req.headers, body);
      const r = await ingestRawMail(services, { inboxId: inbox.id, raw: body, source: 'webhook' });
      if (r.status === 'failed' && r.error === 'email_ingest_failed')
        throw new AppError(r.error, 503, 'The mail could not be stored now; send it again later.');
      if (r.status === 'failed' || r.status === 'rejected')
        throw new AppError(r.error ?? 'email_rejected', 422, 'The mail was not accepted.');
      return r;
    },
  }),
];

function checkSignature(
  services: Services,
  secret: string,
  headers: Record<string, unknown>,
  body: Buffer,
): void {
  const ts = Number(headers['x-kefu-timestamp']);
  const given = String(headers['x-kefu-signature'] ?? '').replace(/^(sha256|v1)=/, '');
  if (!Number.isFinite(ts) || !/^[0-9a-f]{64}$/.test(given))
    throw badSignature('The request is not signed.');
  if (Math.abs(services.clock.now() - ts) > SIGNATURE_WINDOW_MS)
    throw badSignature('The signature has expired.');
  const expected = Buffer.from(signRaw(secret, ts, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex')))
    throw badSignature('The signature does not match.');
}

/** The body of `message/rfc822` requests is the raw mail (a Buffer), up to EMAIL_MAX_BYTES. */
export function rawMailParser(app: FastifyInstance, services: Services): void {
  app.addContentTypeParser(
    'message/rfc822',
    { parseAs: 'buffer', bodyLimit: services.config.EMAIL_MAX_BYTES },
    (_req, body, done) => done(null, body),
  );
}
