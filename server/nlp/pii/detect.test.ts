import { describe, expect, it } from 'vitest';
import {
  cardBrand,
  luhnCheckDigit,
  residentIdCheckDigit,
  validIban,
  validResidentId,
} from './checks.ts';
import { detectPii, keptPart, MAX_SCAN, mayContainPii, redactText } from './detect.ts';

const found = (t: string, types?: Parameters<typeof detectPii>[1]) =>
  detectPii(t, types).map((d) => [d.type, d.value]);

describe('checks', () => {
  it('card brands need prefix, length and Luhn', () => {
    expect(cardBrand('4111111111111111')).toBe('visa');
    expect(cardBrand('5555555555554444')).toBe('mastercard');
    expect(cardBrand('2223003122003222')).toBe('mastercard');
    expect(cardBrand('378282246310005')).toBe('amex');
    expect(cardBrand('6222021234567894')).toBe('unionpay');
    expect(cardBrand('4111111111111112')).toBeNull(); // Luhn
    const noBrand = `123456781234567${luhnCheckDigit('123456781234567')}`;
    expect(cardBrand(noBrand)).toBeNull(); // Luhn-valid, no issuer starts with 1
    const shortAmex = `3782822463100${luhnCheckDigit('3782822463100')}`;
    expect(cardBrand(shortAmex)).toBeNull(); // amex is 15 digits
    expect(cardBrand('41111111111')).toBeNull(); // too short
  });
  it('resident IDs need a real birth date and the check digit', () => {
    expect(validResidentId('11010519491231002X')).toBe(true);
    expect(validResidentId('11010519491231002x')).toBe(true);
    const feb30 = `11010519900230123`;
    expect(validResidentId(feb30 + residentIdCheckDigit(feb30))).toBe(false);
    const future = `11010520990101123`;
    expect(validResidentId(future + residentIdCheckDigit(future), new Date('2026-01-01'))).toBe(
      false,
    );
    const old = `11010518991231123`;
    expect(validResidentId(old + residentIdCheckDigit(old))).toBe(false);
  });
  it('IBANs need a registry country, its length and mod-97', () => {
    expect(validIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(validIban('GB82 WEST 1234 5698 7654 33')).toBe(false);
    expect(validIban('DE8937040044053201300')).toBe(false); // one short
    expect(validIban('JD0012345678901')).toBe(false); // no such country
  });
});

describe('detectPii', () => {
  it('finds each type', () => {
    expect(found('卡 4111 1111 1111 1111，身份证 11010519491231002X')).toEqual([
      ['card', '4111 1111 1111 1111'],
      ['id_number', '11010519491231002X'],
    ]);
    expect(found('mail jane@example.com or +86 138 1234 5678')).toEqual([
      ['email', 'jane@example.com'],
      ['phone', '+86 138 1234 5678'],
    ]);
    expect(found('iban DE89370400440532013000')).toEqual([['iban', 'DE89370400440532013000']]);
    expect(found('密码：abc123，key AKIAIOSFODNN7EXAMPLE')).toEqual([
      ['secret', 'abc123'],
      ['secret', 'AKIAIOSFODNN7EXAMPLE'],
    ]);
  });
  it('respects word boundaries: digits inside longer numbers or words are not values', () => {
    expect(found('x4111111111111111')).toEqual([]);
    expect(found('94111111111111111')).toEqual([]);
    expect(found('1381234567890')).toEqual([]); // a mobile inside a longer number
    expect(found('A11010519491231002X')).toEqual([]);
    expect(found('mysk-abcdefghijklmnopqrstuvwxyz')).toEqual([]);
  });
  it('one kind of separator per card; order and tracking numbers named before are not cards', () => {
    expect(found('4111 1111-1111 1111')).toEqual([]);
    expect(found('订单号 4111111111111111')).toEqual([]);
    expect(found('tracking no. 4111111111111111')).toEqual([]);
    expect(found('4111111111111111 订单号')).toEqual([['card', '4111111111111111']]);
  });
  it('only the types asked for', () => {
    const t = '4111111111111111 a@b.co';
    expect(found(t, new Set(['email']))).toEqual([['email', 'a@b.co']]);
    expect(found(t, new Set())).toEqual([]);
  });
  it('the quick pre-check: nothing to do without digits, @ or a secret keyword', () => {
    expect(mayContainPii('你好，我想退货')).toBe(false);
    expect(mayContainPii('hello, where is my parcel?')).toBe(false);
    expect(mayContainPii('我的密码忘了')).toBe(true);
    expect(mayContainPii('room 5')).toBe(true);
  });
  it('scans the first MAX_SCAN characters of a huge text, and adversarial input', () => {
    const far = `${'a'.repeat(MAX_SCAN)} 4111111111111111`;
    expect(found(far)).toEqual([]);
    const messy = `${'1 '.repeat(5000)}${'-'.repeat(3000)}${'@.'.repeat(3000)}`;
    expect(found(messy)).toEqual([]);
  });
});

describe('redactText', () => {
  it('replaces each value; cards keep first 6 and last 4', () => {
    const r = redactText('card 5105-1051-0510-5100 ok', (d) => `<${d.type}:${keptPart(d)}>`);
    expect(r.text).toBe('card <card:510510******5100> ok');
    expect(r.found).toHaveLength(1);
    expect(redactText('nothing', () => 'X')).toEqual({ text: 'nothing', found: [] });
  });
});

describe('refused matches', () => {
  it('a value right after a refused one is still found', () => {
    expect(found('x1y2z3 4111111111111111')).toEqual([['card', '4111111111111111']]);
    expect(found('A1 4111111111111111')).toEqual([['card', '4111111111111111']]);
  });
  it('a grouped card that runs on into the next number is cut at a separator', () => {
    expect(found('4111 1111 1111 1111 2023')).toEqual([['card', '4111 1111 1111 1111']]);
    expect(found('41111111111111112023')).toEqual([]); // one 20-digit number, not a card
  });
});
