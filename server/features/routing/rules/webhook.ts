/**
 * Outgoing webhooks for automation rules: http(s) only, HMAC-SHA256 signature, a timeout, no
 * redirects, and every resolved address checked at connect time (so DNS rebinding cannot reach
 * loopback, private, link-local or other internal ranges unless explicitly allowed).
 */
import { createHmac } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

export function isPrivateAddress(ip: string): boolean {
  let addr = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(addr);
  if (mapped) addr = mapped[1];
  if (isIP(addr) === 4) {
    const [a, b] = addr.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 198 && (b === 18 || b === 19)) ||
      a >= 224
    );
  }
  return (
    addr === '::' ||
    addr === '::1' ||
    /^f[cd]/.test(addr) ||
    /^fe[89ab]/.test(addr) ||
    /^ff/.test(addr) ||
    addr.startsWith('::ffff:') ||
    addr.startsWith('64:ff9b:')
  );
}

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
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !opts.allowPrivate && isPrivateAddress(host))
    return { ok: false, status: null, error: 'blocked_address' };
  const lookup: LookupFunction = (hostname, options, cb) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return cb(err, '', 4);
      const list = addresses as Array<{ address: string; family: number }>;
      const bad = list.find((a) => !opts.allowPrivate && isPrivateAddress(a.address));
      if (bad || !list.length)
        return cb(Object.assign(new Error('blocked_address'), { code: 'EBLOCKED' }), '', 4);
      if ((options as { all?: boolean }).all)
        return (cb as unknown as (e: null, a: typeof list) => void)(null, list);
      cb(null, list[0].address, list[0].family);
    });
  };
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
        error:
          err.code === 'EBLOCKED' || err.message === 'blocked_address'
            ? 'blocked_address'
            : err.code === 'ETIMEDOUT'
              ? 'timeout'
              : 'connection_failed',
      }),
    );
    req.end(body);
  });
}
