/**
 * One webhook request: POST the JSON body, signed, through the core's SSRF guard (every resolved
 * address checked at connect time; loopback, private and this host's addresses refused unless
 * OUTBOUND_ALLOW_PRIVATE; redirects never followed), with a timeout. Never throws.
 */
import { guardedFetch, isBlocked } from '../../../core/infra/outbound.ts';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signatureHeader,
} from '../domain/signature.ts';

export interface SendResult {
  ok: boolean;
  /** The receiver's HTTP status, when it answered. */
  status: number | null;
  /** Why it failed: `http_<status>`, `redirect_not_followed`, `timeout`, `blocked_address`, `connection_failed`. */
  error: string | null;
}

export interface WebhookRequest {
  url: string;
  body: string;
  deliveryId: string;
  eventType: string;
  /** The secrets that sign, current first. */
  secrets: string[];
  /** Epoch ms of sending: `X-Kefu-Timestamp` is its Unix seconds. */
  now: number;
  timeoutMs: number;
  allowPrivate: boolean;
}

export async function postWebhook(r: WebhookRequest): Promise<SendResult> {
  const timestamp = Math.floor(r.now / 1000);
  try {
    const res = await guardedFetch(r.allowPrivate)(r.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Kefu-Webhook/1',
        [DELIVERY_HEADER]: r.deliveryId,
        [EVENT_HEADER]: r.eventType,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signatureHeader(r.secrets, timestamp, r.body),
      },
      body: r.body,
      signal: AbortSignal.timeout(r.timeoutMs),
    });
    await res.body?.cancel().catch(() => {});
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, error: null };
    return {
      ok: false,
      status: res.status,
      error: res.status >= 300 && res.status < 400 ? 'redirect_not_followed' : `http_${res.status}`,
    };
  } catch (err) {
    const name = (err as { name?: string }).name;
    return {
      ok: false,
      status: null,
      error: isBlocked(err)
        ? 'blocked_address'
        : name === 'TimeoutError' || name === 'AbortError'
          ? 'timeout'
          : 'connection_failed',
    };
  }
}
