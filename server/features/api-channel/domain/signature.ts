/**
 * Webhook signatures: `X-Kefu-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`, the
 * timestamp (Unix seconds) in `X-Kefu-Timestamp`, the delivery id in `X-Kefu-Delivery`. While a
 * rotated secret is in its grace period the header carries one `v1=` per secret, comma-separated;
 * `verifyWebhook` accepts the body when any of them matches. Self-contained (node:crypto only), so a
 * receiver written in TypeScript can copy this file as it is.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-kefu-timestamp';
export const SIGNATURE_HEADER = 'x-kefu-signature';
export const DELIVERY_HEADER = 'x-kefu-delivery';
export const EVENT_HEADER = 'x-kefu-event';

/** Hex HMAC-SHA256 of `<timestamp>.<body>` under `secret`. */
export function signPayload(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The signature header for the secrets in use (the current one first). */
export function signatureHeader(
  secrets: readonly string[],
  timestamp: number,
  body: string,
): string {
  return secrets.map((s) => `v1=${signPayload(s, timestamp, body)}`).join(',');
}

export type VerifyResult =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'missing_headers' | 'malformed' | 'expired' | 'bad_signature' };

type HeaderBag =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>;

function header(headers: HeaderBag, name: string): string | null {
  if (typeof (headers as { get?: unknown }).get === 'function')
    return (headers as { get(name: string): string | null }).get(name);
  const bag = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(bag).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : bag[key];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

/**
 * Checks a webhook request as a receiver: `headers` as Node gives them (`req.headers`) or a fetch
 * `Headers`, `body` the raw bytes as received (not re-serialised JSON), `now` in epoch milliseconds
 * (`Date.now()`). Refuses a timestamp more than `windowSeconds` away from `now` (replays), and a
 * signature that matches none of the `v1=` entries (compared in constant time).
 */
export function verifyWebhook(
  secret: string,
  headers: HeaderBag,
  body: string | Buffer,
  now: number,
  windowSeconds = 300,
): VerifyResult {
  const ts = header(headers, TIMESTAMP_HEADER);
  const sig = header(headers, SIGNATURE_HEADER);
  if (!ts || !sig) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(ts)) return { ok: false, reason: 'malformed' };
  const timestamp = Number(ts);
  if (Math.abs(now / 1000 - timestamp) > windowSeconds) return { ok: false, reason: 'expired' };
  const expected = Buffer.from(signPayload(secret, timestamp, body), 'hex');
  const matches = sig
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .some((part) => {
      const given = Buffer.from(part.slice(3), 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  return matches ? { ok: true, timestamp } : { ok: false, reason: 'bad_signature' };
}
