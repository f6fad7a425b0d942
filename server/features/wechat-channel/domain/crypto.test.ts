/**
 * The callback crypto against vectors derived outside this code (Python's hashlib for the sha1
 * signatures, `openssl enc -aes-256-cbc -nopad` on a hand-built random ‖ length ‖ message ‖ appid ‖
 * PKCS#7(32) plaintext), round trips at every padding length, and every refusal.
 */
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  aesKeyOf,
  decryptMessage,
  encryptMessage,
  messageSignature,
  signatureMatches,
  timestampFresh,
  urlSignature,
  WechatCryptoError,
} from './crypto.ts';

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wxb11529c136998cb6';
const MESSAGE = '<xml><Content><![CDATA[你好]]></Content></xml>';
const RANDOM = Buffer.from('0123456789abcdef', 'latin1');
const ENCRYPTED =
  'Q3stYC6hdFzMh9T8HCvyDMwQK6xyeRZ7UnuZsYfP7/6Yf0piNuk7kxZYuxJFeZQQ6WWSSAGv9ZFJIKURndrGs8fBeGiFkRewkOQMP0Cj7SAtCRBa7uTvQgw94mPcQIzl';
const key = aesKeyOf(AES_KEY);

const reason = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof WechatCryptoError ? err.reason : String(err);
  }
  return 'accepted';
};

/** Encrypts raw bytes (no padding added) with the inbox key: ciphertexts a sender could forge. */
const rawCipher = (plain: Buffer) => {
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
};

describe('signatures', () => {
  it('match the known answers (sha1 of the sorted parts)', () => {
    expect(urlSignature('pamtest', '1409304348', 'xxxxxx')).toBe(
      '76480565cbe296026c53aaacd1ad523a1ddba24f',
    );
    expect(messageSignature('pamtest', '1409304348', 'xxxxxx', ENCRYPTED)).toBe(
      '076c9abc93f12ee9c95bbdff2988d1c592945f1a',
    );
  });

  it('compare in any case, refuse another length, a near miss and a non-string', () => {
    const sig = urlSignature('t', '1', 'n');
    expect(signatureMatches(sig, sig.toUpperCase())).toBe(true);
    expect(signatureMatches(sig, `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`)).toBe(
      false,
    );
    expect(signatureMatches(sig, sig.slice(1))).toBe(false);
    expect(signatureMatches(sig, undefined)).toBe(false);
    expect(signatureMatches(sig, [sig])).toBe(false);
  });

  it('timestamps are fresh within the window only, digits only', () => {
    const now = 1_409_304_348_000;
    expect(timestampFresh('1409304348', now)).toBe(true);
    expect(timestampFresh('1409304048', now)).toBe(true); // 300 s before
    expect(timestampFresh('1409304047', now)).toBe(false);
    expect(timestampFresh('1409304649', now)).toBe(false); // 301 s ahead
    expect(timestampFresh('14093e4348', now)).toBe(false);
    expect(timestampFresh('', now)).toBe(false);
    expect(timestampFresh(undefined, now)).toBe(false);
  });
});

describe('secure mode', () => {
  it('the key is Base64(EncodingAESKey + "=")', () => {
    expect(key.toString('hex')).toBe(
      '69b71d79f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3d0010831051',
    );
    expect(reason(() => aesKeyOf(AES_KEY.slice(1)))).toBe('bad_key');
    expect(reason(() => aesKeyOf(`${AES_KEY.slice(1)}!`))).toBe('bad_key');
  });

  it('encrypts to the known answer and decrypts it', () => {
    expect(encryptMessage(key, APP_ID, MESSAGE, RANDOM)).toBe(ENCRYPTED);
    expect(decryptMessage(key, ENCRYPTED)).toEqual({ message: MESSAGE, appId: APP_ID });
  });

  it('round trips at every padding length (1 to 32 bytes of padding)', () => {
    for (let n = 0; n < 40; n++) {
      const msg = 'x'.repeat(n);
      const enc = encryptMessage(key, 'wx1', msg);
      expect(Buffer.from(enc, 'base64').length % 32).toBe(0);
      expect(decryptMessage(key, enc)).toEqual({ message: msg, appId: 'wx1' });
    }
  });

  it('a random prefix makes each ciphertext of one message different', () => {
    expect(encryptMessage(key, APP_ID, MESSAGE)).not.toBe(encryptMessage(key, APP_ID, MESSAGE));
  });

  it('refuses bad padding: zero, over 32, and inconsistent bytes', () => {
    const body = Buffer.concat([RANDOM, Buffer.from([0, 0, 0, 1]), Buffer.from('xwx1')]); // 24 bytes
    const pad = (bytes: number[]) => rawCipher(Buffer.concat([body, Buffer.from(bytes)]));
    expect(reason(() => decryptMessage(key, pad([8, 8, 8, 8, 8, 8, 8, 8])))).toBe('accepted');
    expect(reason(() => decryptMessage(key, pad([0, 0, 0, 0, 0, 0, 0, 0])))).toBe('bad_padding');
    expect(reason(() => decryptMessage(key, pad([8, 8, 8, 7, 8, 8, 8, 8])))).toBe('bad_padding');
    const big = Buffer.concat([body, Buffer.alloc(8, 33)]);
    expect(reason(() => decryptMessage(key, rawCipher(big)))).toBe('bad_padding');
  });

  it('refuses a length field past the end, no appid, and a non-block ciphertext', () => {
    const bad = (len: number, tail: string) => {
      const l = Buffer.alloc(4);
      l.writeUInt32BE(len);
      const plain = Buffer.concat([RANDOM, l, Buffer.from(tail)]);
      const pad = 32 - (plain.length % 32);
      return rawCipher(Buffer.concat([plain, Buffer.alloc(pad, pad)]));
    };
    expect(reason(() => decryptMessage(key, bad(1000, 'abc')))).toBe('malformed');
    expect(reason(() => decryptMessage(key, bad(3, 'abc')))).toBe('malformed'); // nothing left for the appid
    expect(reason(() => decryptMessage(key, ENCRYPTED.slice(0, -8)))).toBe('bad_ciphertext');
    expect(reason(() => decryptMessage(key, 'not base64!'))).toBe('bad_ciphertext');
    expect(reason(() => decryptMessage(key, ''))).toBe('bad_ciphertext');
  });

  it('a flipped ciphertext byte decrypts to garbage or fails (why the signature is checked first)', () => {
    const data = Buffer.from(ENCRYPTED, 'base64');
    data[40] ^= 1;
    const out = reason(() => decryptMessage(key, data.toString('base64')));
    if (out === 'accepted')
      expect(decryptMessage(key, data.toString('base64')).message).not.toBe(MESSAGE);
    else expect(['bad_padding', 'malformed']).toContain(out);
    expect(messageSignature('pamtest', '1409304348', 'xxxxxx', data.toString('base64'))).not.toBe(
      messageSignature('pamtest', '1409304348', 'xxxxxx', ENCRYPTED),
    );
  });
});
