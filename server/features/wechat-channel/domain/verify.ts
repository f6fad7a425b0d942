/**
 * Opening a callback (pure): the URL check (GET), and for a POST the mode's signature, the
 * timestamp window, then — encrypted posts only — the msg_signature over the `Encrypt` value BEFORE
 * decrypting, strict decryption and the appid compared with the inbox's. Plaintext mode takes
 * plain posts; secure mode only encrypted ones; compatible mode both (the encrypted part wins).
 */
import { AppError } from '../../../core/errors.ts';
import {
  decryptMessage,
  messageSignature,
  signatureMatches,
  timestampFresh,
  urlSignature,
  WechatCryptoError,
} from './crypto.ts';
import { field, parseWechatXml, type XmlObject, XmlError } from './xml.ts';

export type CallbackMode = 'plaintext' | 'compatible' | 'secure';

export interface CallbackSecrets {
  appId: string;
  token: string;
  /** The 32-byte AES key (null in plaintext mode without an EncodingAESKey). */
  aesKey: Buffer | null;
  mode: CallbackMode;
}

export interface CallbackQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
  encrypt_type?: string;
  msg_signature?: string;
  openid?: string;
}

export const badSignature = () =>
  new AppError('invalid_signature', 401, 'The WeChat signature does not match.');
const stale = () =>
  new AppError('wechat_stale_request', 401, 'The request timestamp is outside the allowed window.');
const badCipher = () =>
  new AppError('wechat_decrypt_failed', 400, 'The encrypted message could not be decrypted.');
const wrongApp = () =>
  new AppError('wechat_appid_mismatch', 401, 'The message is for another WeChat app.');
const needsEncryption = () =>
  new AppError('wechat_encryption_required', 400, 'This inbox accepts encrypted messages only.');
export const badXml = () =>
  new AppError('wechat_invalid_xml', 400, 'The body is not a WeChat XML message.');

function checkPlainSignature(s: CallbackSecrets, q: CallbackQuery, now: number): void {
  const { timestamp = '', nonce = '' } = q;
  if (!signatureMatches(urlSignature(s.token, timestamp, nonce), q.signature)) throw badSignature();
  if (!timestampFresh(timestamp, now)) throw stale();
}

/** GET: the URL check; answers `echostr`. */
export function verifyUrl(s: CallbackSecrets, q: CallbackQuery, now: number): string {
  checkPlainSignature(s, q, now);
  if (typeof q.echostr !== 'string' || !q.echostr) throw badSignature();
  return q.echostr;
}

export function parseXml(text: string): XmlObject {
  try {
    return parseWechatXml(text);
  } catch (err) {
    if (err instanceof XmlError) throw badXml();
    throw err;
  }
}

/** POST: the message document inside the request (decrypted when encrypted), parsed and as text. */
export function openCallback(
  s: CallbackSecrets,
  q: CallbackQuery,
  body: string,
  now: number,
): { doc: XmlObject; text: string } {
  const outer = parseXml(body);
  if (q.encrypt_type !== 'aes') {
    if (s.mode === 'secure') throw needsEncryption();
    checkPlainSignature(s, q, now);
    return { doc: outer, text: body };
  }
  const encrypt = field(outer, 'Encrypt');
  const { timestamp = '', nonce = '' } = q;
  if (!encrypt || !s.aesKey) throw badCipher();
  const expected = messageSignature(s.token, timestamp, nonce, encrypt);
  if (!signatureMatches(expected, q.msg_signature)) throw badSignature();
  if (!timestampFresh(timestamp, now)) throw stale();
  let opened: { message: string; appId: string };
  try {
    opened = decryptMessage(s.aesKey, encrypt);
  } catch (err) {
    if (err instanceof WechatCryptoError) throw badCipher();
    throw err;
  }
  if (
    !signatureMatches(
      Buffer.from(s.appId).toString('hex'),
      Buffer.from(opened.appId).toString('hex'),
    )
  )
    throw wrongApp();
  return { doc: parseXml(opened.message), text: opened.message };
}
