/**
 * One-time passwords for two-factor sign-in: HOTP (RFC 4226) and TOTP (RFC 6238) on node:crypto,
 * base32 secrets (RFC 4648, what authenticator apps read), and the `otpauth://` URI they scan.
 * Kefu uses HMAC-SHA1, 30-second steps, 6 digits and a window of one step either side; the other
 * algorithms and lengths exist for the RFC's own test vectors.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from './crypto.ts';

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';
export interface TotpOptions {
  algorithm?: TotpAlgorithm;
  digits?: number;
  /** Seconds per step. */
  period?: number;
}
export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted either side of the current one (clock drift, a code typed as it changes). */
export const TOTP_WINDOW = 1;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(data: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of data) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (case, spaces, dashes and padding ignored); null when a character is not base32. */
export function base32Decode(text: string): Buffer | null {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) return null;
    value = ((value << 5) | i) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** A new random secret (160 bits, the size RFC 4226 recommends for SHA-1), base32. */
export const newTotpSecret = () => base32Encode(randomBytes(20));

/** RFC 4226: the `digits`-digit code of `counter` (a 64-bit big-endian counter). */
export function hotp(
  key: Uint8Array,
  counter: number | bigint,
  opts: Pick<TotpOptions, 'algorithm' | 'digits'> = {},
): string {
  const digits = opts.digits ?? TOTP_DIGITS;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(opts.algorithm ?? 'sha1', key)
    .update(msg)
    .digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** The step (counter) a time falls in. */
export const totpStep = (unixMs: number, period = TOTP_PERIOD) =>
  Math.floor(unixMs / 1000 / period);

/** RFC 6238: the code at `unixMs`. */
export function totp(key: Uint8Array, unixMs: number, opts: TotpOptions = {}): string {
  return hotp(key, totpStep(unixMs, opts.period), opts);
}

/**
 * The step whose code `code` is, within ±TOTP_WINDOW steps of `unixMs`, and later than `afterStep`
 * (a code already used, or an older one, is refused: RFC 6238 §5.2); null when none matches.
 */
export function verifyTotp(
  key: Uint8Array,
  code: string,
  unixMs: number,
  afterStep: number | null = null,
  opts: TotpOptions = {},
): number | null {
  const digits = opts.digits ?? TOTP_DIGITS;
  const typed = code.replace(/\s/g, '');
  if (!new RegExp(`^\\d{${digits}}$`).test(typed)) return null;
  const now = totpStep(unixMs, opts.period);
  let found: number | null = null;
  // every candidate is computed and compared (no early exit that times which step matched)
  for (let step = now - TOTP_WINDOW; step <= now + TOTP_WINDOW; step++) {
    if (step < 0 || (afterStep !== null && step <= afterStep)) continue;
    if (safeEqual(hotp(key, step, opts), typed) && found === null) found = step;
  }
  return found;
}

/** What an authenticator app scans (Key Uri Format): `otpauth://totp/Issuer:label?secret=…`. */
export function otpauthUri(opts: { secret: string; label: string; issuer: string }): string {
  const issuer = encodeURIComponent(opts.issuer);
  const label = `${issuer}:${encodeURIComponent(opts.label)}`;
  const q = new URLSearchParams({
    secret: opts.secret,
    issuer: opts.issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD),
  });
  return `otpauth://totp/${label}?${q.toString()}`;
}
