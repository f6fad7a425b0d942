/** TOTP against the RFC 6238 Appendix B vectors (and RFC 4226's HOTP ones), base32, the window, replay. */
import { describe, expect, it } from 'vitest';
import { open, seal } from './secret-box.ts';
import {
  base32Decode,
  base32Encode,
  hotp,
  newTotpSecret,
  otpauthUri,
  totp,
  totpStep,
  verifyTotp,
} from './totp.ts';

const seed = (n: number) => Buffer.from('1234567890'.repeat(7).slice(0, n), 'ascii');
const KEYS = { sha1: seed(20), sha256: seed(32), sha512: seed(64) } as const;

// RFC 6238 Appendix B: time (s) → 8-digit code per algorithm
const VECTORS: Array<[number, string, string, string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it('matches the Appendix B test vectors for SHA-1, SHA-256 and SHA-512', () => {
    for (const [t, sha1, sha256, sha512] of VECTORS) {
      const ms = t * 1000;
      expect(totp(KEYS.sha1, ms, { digits: 8 })).toBe(sha1);
      expect(totp(KEYS.sha256, ms, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
      expect(totp(KEYS.sha512, ms, { digits: 8, algorithm: 'sha512' })).toBe(sha512);
    }
  });

  it('HOTP matches RFC 4226 Appendix D', () => {
    const codes = ['755224', '287082', '359152', '969429', '338314'];
    codes.push('254676', '287922', '162583', '399871', '520489');
    codes.forEach((c, i) => expect(hotp(KEYS.sha1, i)).toBe(c));
  });

  it('6-digit codes are the last 6 digits of the 8-digit ones', () => {
    expect(totp(KEYS.sha1, 59_000)).toBe('287082');
    expect(totp(KEYS.sha1, 1111111109_000)).toBe('081804');
  });

  it('accepts one step either side, not two; refuses steps up to the last used one', () => {
    const now = 1_700_000_000_000;
    const step = totpStep(now);
    for (const d of [-1, 0, 1])
      expect(verifyTotp(KEYS.sha1, totp(KEYS.sha1, now + d * 30_000), now)).toBe(step + d);
    for (const d of [-2, 2])
      expect(verifyTotp(KEYS.sha1, totp(KEYS.sha1, now + d * 30_000), now)).toBeNull();
    const code = totp(KEYS.sha1, now);
    expect(verifyTotp(KEYS.sha1, code, now, step)).toBeNull(); // replay of the same code
    expect(verifyTotp(KEYS.sha1, code, now, step - 1)).toBe(step);
    expect(verifyTotp(KEYS.sha1, totp(KEYS.sha1, now - 30_000), now, step)).toBeNull(); // older
    expect(verifyTotp(KEYS.sha1, ` ${code.slice(0, 3)} ${code.slice(3)} `, now)).toBe(step);
    expect(verifyTotp(KEYS.sha1, 'abcdef', now)).toBeNull();
    expect(verifyTotp(KEYS.sha1, `${code}1`, now)).toBeNull();
  });
});

describe('base32, secrets, otpauth URI, sealing', () => {
  it('base32 round-trips and reads the RFC 4648 examples', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI======')?.toString()).toBe('foobar');
    expect(base32Decode('mzxw 6ytb-oi')?.toString()).toBe('foobar');
    expect(base32Decode('MZ1')).toBeNull();
    const s = newTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(s)!)).toBe(s);
  });

  it('builds the otpauth:// URI authenticator apps scan', () => {
    const uri = otpauthUri({
      secret: 'JBSWY3DPEHPK3PXP',
      label: 'ann@example.com',
      issuer: 'Kefu',
    });
    expect(uri).toBe(
      'otpauth://totp/Kefu:ann%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Kefu&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('seals per purpose; another secret or purpose, or a changed byte, does not open', () => {
    const sealed = seal('server-secret', 'totp', 'JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(open('server-secret', 'totp', sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(open('other-secret', 'totp', sealed)).toBeNull();
    expect(open('server-secret', 'llm-api-key', sealed)).toBeNull();
    const [iv, tag, data] = sealed.split('.');
    const flipped = `${iv}.${tag}.${data.startsWith('A') ? `B${data.slice(1)}` : `A${data.slice(1)}`}`;
    expect(open('server-secret', 'totp', flipped)).toBeNull();
  });
});
