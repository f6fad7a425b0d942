/**
 * Outgoing webhooks for automation rules: http(s) only, HMAC-SHA256 signature, a timeout, no
 * redirects, and every resolved address checked at connect time by the core's SSRF guard
 * (core/infra/outbound.ts: loopback, private, link-local, this host's own addresses… unless
 * OUTBOUND_ALLOW_PRIVATE).
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import {
  blockedLiteralHost,
  guardedLookup,
  isBlocked,
  isPrivateAddress,
} from '../../../core/infra/outbound.ts';

export { isPrivateAddress };

export interface WebhookResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}
export interface WebhookOptions {
  timeoutMs?: number;
  allowPrivate?: boolean;
}

export function validateWebhookUrl(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'invalid URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return 'only http and https URLs are allowed';
  if (u.username || u.password) return 'credentials in the URL are not allowed';
  return null;
}

export function sign(secret: string, body: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export async function deliverWebhook(
  url: string,
  payload: unknown,
  secret: string,
  opts: WebhookOptions = {},
): Promise<WebhookResult> {
  const problem = validateWebhookUrl(url);
  if (problem) return { ok: false, status: null, error: problem };
  const u = new URL(url);
  const body = JSON.stringify(payload);
  const ts = Date.now();
  if (blockedLiteralHost(u, !!opts.allowPrivate))
    return { ok: false, status: null, error: 'blocked_address' };
  const lookup = guardedLookup(!!opts.allowPrivate);
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise<WebhookResult>((resolve) => {
    const req = mod.request(
      u,
      {
        method: 'POST',
        lookup,
        timeout: opts.timeoutMs ?? 5_000,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Kefu-Webhook/1',
          'x-kefu-timestamp': String(ts),
          'x-kefu-signature': `sha256=${sign(secret, body, ts)}`,
        },
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve({
          ok: status >= 200 && status < 300,
          status,
          error: status >= 300 && status < 400 ? 'redirect_not_followed' : null,
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
    );
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve({
        ok: false,
        status: null,
        error: isBlocked(err)
          ? 'blocked_address'
          : err.code === 'ETIMEDOUT'
            ? 'timeout'
            : 'connection_failed',
      }),
    );
    req.end(body);
  });
}
