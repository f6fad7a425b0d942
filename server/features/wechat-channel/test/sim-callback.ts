/**
 * The simulator's side of a callback, as the platform does it: the document signed (`signature`),
 * in compatible/secure mode encrypted and signed again (`msg_signature`), POSTed with a 5-second
 * client timeout and tried again after a timeout or a failed request, 3 attempts in all.
 */
import { randomBytes } from 'node:crypto';
import { aesKeyOf, encryptMessage, messageSignature, urlSignature } from '../domain/crypto.ts';
import { buildWechatXml } from '../domain/xml.ts';

export interface SimApp {
  appId: string;
  appSecret: string;
  token: string;
  encodingAesKey?: string;
  mode: 'plaintext' | 'compatible' | 'secure';
  /** Where the platform posts: the inbox's callback URL. */
  callbackUrl: string;
}

export interface Attempt {
  status: number | null;
  body: string;
  error?: string;
}

export interface DeliveryReport {
  attempts: Attempt[];
  /** The server answered `success` (or an empty body) at some attempt. */
  accepted: boolean;
}

export interface PostOptions {
  /** Client timeout per attempt (the platform's 5 s). */
  timeoutMs?: number;
  /** Attempts in all (the platform's 3). */
  attempts?: number;
  /** Post this many times even when answered (as when the platform never saw the answers). */
  repeat?: number;
  /** Seconds for the `timestamp` parameter (default: now). */
  timestamp?: number;
}

/** The query string and body of one callback for `fields`, signed (and encrypted) for `app`. */
export function signedCallback(
  app: SimApp,
  fields: Record<string, string | number | undefined>,
  timestamp: number,
): { query: string; body: string } {
  const ts = String(timestamp);
  const nonce = randomBytes(6).toString('hex');
  const plain = buildWechatXml(fields);
  const q = new URLSearchParams({
    signature: urlSignature(app.token, ts, nonce),
    timestamp: ts,
    nonce,
    openid: String(fields.FromUserName ?? ''),
  });
  if (app.mode === 'plaintext' || !app.encodingAesKey) return { query: q.toString(), body: plain };
  const encrypt = encryptMessage(aesKeyOf(app.encodingAesKey), app.appId, plain);
  q.set('encrypt_type', 'aes');
  q.set('msg_signature', messageSignature(app.token, ts, nonce, encrypt));
  const body =
    app.mode === 'secure'
      ? buildWechatXml({ ToUserName: String(fields.ToUserName ?? ''), Encrypt: encrypt })
      : `${plain.slice(0, -'</xml>'.length)}${buildWechatXml({ Encrypt: encrypt }).slice('<xml>'.length)}`;
  return { query: q.toString(), body };
}

async function attempt(url: string, body: string, timeoutMs: number): Promise<Attempt> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, body: await res.text() };
  } catch (err) {
    return { status: null, body: '', error: err instanceof Error ? err.name : String(err) };
  }
}

const answered = (a: Attempt) => a.status === 200 && (a.body === 'success' || a.body === '');

/** Posts one callback the way the platform does; resolves with every attempt made. */
export async function postCallback(
  app: SimApp,
  fields: Record<string, string | number | undefined>,
  opts: PostOptions = {},
): Promise<DeliveryReport> {
  const { query, body } = signedCallback(
    app,
    fields,
    opts.timestamp ?? Math.floor(Date.now() / 1000),
  );
  const url = `${app.callbackUrl}?${query}`;
  const attempts: Attempt[] = [];
  const repeat = opts.repeat ?? 1;
  const total = Math.max(opts.attempts ?? 3, repeat);
  for (let i = 0; i < total; i++) {
    const a = await attempt(url, body, opts.timeoutMs ?? 5_000);
    attempts.push(a);
    if (answered(a) && attempts.length >= repeat) break;
  }
  return { attempts, accepted: attempts.some(answered) };
}
