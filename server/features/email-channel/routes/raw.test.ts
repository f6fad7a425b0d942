/** The raw-MIME webhook: HMAC-signed with the inbox's secret, idempotent, clear refusals. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailApp, mail, type EmailApp } from '../test/email-app.ts';
import { signRaw } from './raw.ts';

let e: EmailApp;
let secret: string;

beforeAll(async () => {
  e = await emailApp({ EMAIL_MAX_BYTES: '50000' });
  const row = await e.app.services.database.db
    .selectFrom('inboxes')
    .select('hmac_secret')
    .where('id', '=', e.inboxId)
    .executeTakeFirstOrThrow();
  secret = row.hmac_secret;
});
afterAll(async () => {
  await e?.app.stop();
});

const post = (
  body: Buffer,
  opts: { inboxId?: string; ts?: number; sign?: string | null; type?: string } = {},
) => {
  const ts = opts.ts ?? Date.now();
  const signature = opts.sign === undefined ? signRaw(secret, ts, body) : opts.sign;
  return e.app.api('POST', `/api/v1/channels/email/${opts.inboxId ?? e.inboxId}/raw`, {
    raw: new Uint8Array(body),
    headers: {
      'content-type': opts.type ?? 'message/rfc822',
      'x-kefu-timestamp': String(ts),
      ...(signature === null ? {} : { 'x-kefu-signature': `sha256=${signature}` }),
    },
  });
};

describe('POST /api/v1/channels/email/:inboxId/raw', () => {
  it('stores a signed mail; a redelivery is a duplicate', async () => {
    const raw = mail({ 'Message-ID': '<hook-1@customer.example>' });
    const first = await post(raw);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'stored' });
    const again = await post(raw);
    expect(again.body).toEqual({ ...first.body, status: 'duplicate' });
  });

  it('refuses unsigned, wrongly signed and stale requests (403 invalid_signature)', async () => {
    const raw = mail({ 'Message-ID': '<hook-2@customer.example>' });
    const now = Date.now();
    const cases = [
      await post(raw, { sign: null }),
      await post(raw, { sign: 'ab'.repeat(32) }),
      await post(raw, { ts: Date.now() - 6 * 60_000 }),
      await post(Buffer.from(raw.toString().replace('Hello', 'Hacked')), {
        sign: signRaw(secret, now, raw),
        ts: now,
      }),
    ];
    for (const r of cases)
      expect([r.status, r.body.error.code]).toEqual([403, 'invalid_signature']);
  });

  it('404 for an unknown or non-email inbox, 415 for another media type, 413 over the limit, 422 for a refused mail', async () => {
    const raw = mail({});
    for (const inboxId of [e.acct.inboxId, '00000000-0000-7000-8000-000000000000', 'x'])
      expect((await post(raw, { inboxId })).status).toBe(404);
    const json = await e.app.api('POST', `/api/v1/channels/email/${e.inboxId}/raw`, {
      body: { a: 1 },
    });
    expect([json.status, json.body.error.code]).toEqual([415, 'unsupported_media_type']);
    const big = await post(mail({}, 'x'.repeat(60_000)));
    expect([big.status, big.body.error.code]).toEqual([413, 'payload_too_large']);
    const noSender = await post(mail({ From: '', 'Message-ID': '<hook-3@x.example>' }));
    expect([noSender.status, noSender.body.error.code]).toEqual([422, 'email_no_sender']);
  });
});
