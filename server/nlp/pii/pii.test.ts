import { describe, expect, it } from 'vitest';
import { findPii, luhnValid, redact, validChineseId } from './pii.ts';

const spans = (t: string) => findPii(t).map((s) => [s.type, t.slice(s.start, s.end)]);

describe('findPii', () => {
  it('finds CN mobiles, +86 and international numbers', () => {
    expect(spans('电话13812345678，或 +86 138-1234-5678，美国 +1 415 555 2671')).toEqual([
      ['phone', '13812345678'],
      ['phone', '+86 138-1234-5678'],
      ['phone', '+1 415 555 2671'],
    ]);
  });
  it('ignores order numbers and invalid mobiles', () => {
    expect(spans('订单号20231234567 号码12812345678 138123456789')).toEqual([]);
  });
  it('validates Chinese ID checksums', () => {
    expect(validChineseId('11010519491231002X')).toBe(true);
    expect(validChineseId('110105194912310021')).toBe(false);
    expect(spans('身份证11010519491231002X')).toEqual([['id_card', '11010519491231002X']]);
    expect(spans('身份证110105194912310021')).toEqual([]);
  });
  it('finds Luhn-valid bank cards, plain or grouped', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(spans('卡号 4111 1111 1111 1111 和 6222021234567890128')).toEqual(
      [
        ['bank_card', '4111 1111 1111 1111'],
        ['bank_card', '6222021234567890128'],
      ].filter(([, v]) => luhnValid(v.replace(/\D/g, ''))),
    );
    expect(spans('4111111111111112')).toEqual([]);
  });
  it('finds emails', () => {
    expect(spans('mail me: jane.doe+cs@example.co.uk!')).toEqual([
      ['email', 'jane.doe+cs@example.co.uk'],
    ]);
  });
});

describe('redact', () => {
  it('replaces spans with tags or masks', () => {
    const t = '电话13812345678 邮箱 a.b@x.com';
    expect(redact(t).text).toBe('电话[phone] 邮箱 [email]');
    expect(redact(t, { style: 'mask' }).text).toBe('电话*******5678 邮箱 a**@x.com');
    expect(redact(t).spans).toHaveLength(2);
  });
});
