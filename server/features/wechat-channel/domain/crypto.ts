/**
 * WeChat's callback crypto on node:crypto (pure, no I/O).
 *
 * - URL verification and plaintext posts: `signature = sha1(sort([token, timestamp, nonce]).join(''))`.
 * - Secure mode: `msg_signature = sha1(sort([token, timestamp, nonce, Encrypt]).join(''))`, checked
 *   BEFORE decrypting (AES-CBC has no integrity of its own); AES-256-CBC with key =
 *   Base64(EncodingAESKey + "="), IV = the key's first 16 bytes, PKCS#7 padding to 32-byte blocks
 *   (checked strictly), plaintext = random(16) ‖ length(4, big-endian) ‖ message ‖ appid.
 * Signatures are compared in constant time. The caller compares the decrypted appid with its inbox's.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/** Why a secret or a ciphertext was refused (never shown to people; mapped to stable codes). */
export class WechatCryptoError extends Error {
  constructor(readonly reason: 'bad_key' | 'bad_ciphertext' | 'bad_padding' | 'malformed') {
    super(`wechat crypto: ${reason}`);
    this.name = 'WechatCryptoError';
  }
}

const BLOCK = 32;

/** sha1 (hex) of the parts sorted and joined: both of WeChat's signatures. */
export function sha1Signature(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''), 'utf8')
    .digest('hex');
}

export const urlSignature = (token: string, timestamp: string, nonce: string) =>
  sha1Signature(token, timestamp, nonce);

export const messageSignature = (
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
) => sha1Signature(token, timestamp, nonce, encrypt);

/** Constant-time comparison of a computed hex signature with the one given (any case). */
export function signatureMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(
    Buffer.from(expected, 'latin1'),
    Buffer.from(given.toLowerCase(), 'latin1'),
  );
}

/** Whether a callback's timestamp (seconds) is within `windowSeconds` of now. */
export function timestampFresh(timestamp: unknown, nowMs: number, windowSeconds = 300): boolean {
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(nowMs / 1000 - Number(timestamp)) <= windowSeconds;
}

/** The 32-byte AES key of a 43-character EncodingAESKey. */
export function aesKeyOf(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) throw new WechatCryptoError('bad_key');
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

/** Encrypts `message` as the platform does (base64). `random` only for known-answer tests. */
export function encryptMessage(
  key: Buffer,
  appId: string,
  message: string,
  random: Buffer = randomBytes(16),
): string {
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])),
    cipher.final(),
  ]).toString('base64');
}

/** Decrypts a verified `Encrypt` value; throws WechatCryptoError on any malformation. */
export function decryptMessage(key: Buffer, encrypted: string): { message: string; appId: string } {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted)) throw new WechatCryptoError('bad_ciphertext');
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % BLOCK !== 0) throw new WechatCryptoError('bad_ciphertext');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = plain[plain.length - 1];
  if (pad < 1 || pad > BLOCK) throw new WechatCryptoError('bad_padding');
  for (let i = plain.length - pad; i < plain.length; i++)
    if (plain[i] !== pad) throw new WechatCryptoError('bad_padding');
  const body = plain.subarray(0, plain.length - pad);
  if (body.length < 20) throw new WechatCryptoError('malformed');
  const length = body.readUInt32BE(16);
  if (20 + length >= body.length) throw new WechatCryptoError('malformed'); // no room for the appid
  return {
    message: body.subarray(20, 20 + length).toString('utf8'),
    appId: body.subarray(20 + length).toString('utf8'),
  };
}
