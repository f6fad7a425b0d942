/** Webhook signatures: the receiver's check accepts what Kefu signs and refuses tampering, replays and wrong secrets. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeader, signPayload, verifyWebhook } from './signature.ts';

const secret = 'whsec_test';
const body = '{"id":"d-1","type":"message.created"}';
const now = 1_760_000_000_000; // epoch ms
const ts = Math.floor(now / 1000);
const headersFor = (sig: string, timestamp = ts) => ({
  'x-kefu-timestamp': String(timestamp),
  'x-kefu-signature': sig,
  'x-kefu-delivery': 'd-1',
});

describe('webhook signatures', () => {
  it('is HMAC-SHA256 over "<timestamp>.<body>", hex, as v1=', () => {
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    expect(signPayload(secret, ts, body)).toBe(expected);
    expect(signatureHeader([secret], ts, body)).toBe(`v1=${expected}`);
  });

  it('accepts a genuine request (Node headers, fetch Headers, a Buffer body)', () => {
    const h = headersFor(signatureHeader([secret], ts, body));
    expect(verifyWebhook(secret, h, body, now)).toEqual({ ok: true, timestamp: ts });
    expect(verifyWebhook(secret, new Headers(h), Buffer.from(body), now + 299_000).ok).toBe(true);
    const upper = {
      'X-Kefu-Timestamp': h['x-kefu-timestamp'],
      'X-Kefu-Signature': h['x-kefu-signature'],
    };
    expect(verifyWebhook(secret, upper, body, now).ok).toBe(true);
  });

  it('refuses a changed body, a wrong secret, a garbled signature', () => {
    const h = headersFor(signatureHeader([secret], ts, body));
    expect(verifyWebhook(secret, h, body.replace('d-1', 'd-2'), now)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyWebhook('whsec_other', h, body, now).ok).toBe(false);
    expect(verifyWebhook(secret, headersFor('v1=zz'), body, now).ok).toBe(false);
    expect(
      verifyWebhook(secret, headersFor(`v0=${signPayload(secret, ts, body)}`), body, now).ok,
    ).toBe(false);
  });

  it('refuses a timestamp outside the window (a replay), either way', () => {
    const h = headersFor(signatureHeader([secret], ts, body));
    expect(verifyWebhook(secret, h, body, now + 301_000)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyWebhook(secret, h, body, now - 301_000).ok).toBe(false);
    expect(verifyWebhook(secret, h, body, now + 301_000, 600).ok).toBe(true);
    // the timestamp is signed: moving it forward breaks the signature
    const moved = headersFor(h['x-kefu-signature'], ts + 400);
    expect(verifyWebhook(secret, moved, body, now + 400_000).ok).toBe(false);
  });

  it('missing or malformed headers', () => {
    expect(verifyWebhook(secret, {}, body, now)).toEqual({ ok: false, reason: 'missing_headers' });
    expect(
      verifyWebhook(secret, headersFor('v1=00', 'soon' as unknown as number), body, now),
    ).toEqual({ ok: false, reason: 'malformed' });
  });

  it('during a secret rotation both secrets sign; a receiver with either one accepts', () => {
    const h = headersFor(signatureHeader(['whsec_new', 'whsec_old'], ts, body));
    expect(h['x-kefu-signature'].split(',')).toHaveLength(2);
    expect(verifyWebhook('whsec_new', h, body, now).ok).toBe(true);
    expect(verifyWebhook('whsec_old', h, body, now).ok).toBe(true);
    expect(verifyWebhook('whsec_third', h, body, now).ok).toBe(false);
  });
});
