import { describe, expect, it } from 'vitest';
import { catalogueProblems } from '../../../../shared/i18n.ts';
import { redactText } from '../../../nlp/pii/detect.ts';
import { catalogue } from '../strings.ts';
import { maskLocale, masker } from './mask.ts';
import { DEFAULT_SETTINGS, maskedTypes, settingsFrom } from './settings.ts';

const redact = (text: string, account = 'zh-CN') =>
  redactText(text, masker(maskLocale(text, account))).text;

describe('masks', () => {
  it('are typed, in the customer’s language; cards keep first 6 / last 4', () => {
    expect(redact('我的卡号 4111 1111 1111 1111')).toBe(
      '我的卡号 [已隐藏:银行卡 411111******1111]',
    );
    expect(redact('card 4111-1111-1111-1111 ok')).toBe('card [REDACTED:CARD 411111******1111] ok');
    expect(redact('身份证 11010519491231002X')).toBe('身份证 [已隐藏:身份证号]');
    expect(redact('ID 11010519491231002X')).toBe('ID [REDACTED:ID_NUMBER]');
    expect(redact('password: hunter22')).toBe('password: [REDACTED:SECRET]');
  });
  it('digits only: the account’s language', () => {
    expect(redact('4111111111111111', 'en')).toBe('[REDACTED:CARD 411111******1111]');
    expect(redact('4111111111111111', 'zh-CN')).toBe('[已隐藏:银行卡 411111******1111]');
    expect(maskLocale('123', null)).toBe('zh-CN');
  });
  it('redacting masked text again changes nothing', () => {
    for (const text of [
      '我的卡号 4111 1111 1111 1111，密码是abc123',
      'password: x1y2z3 4111111111111111',
    ]) {
      const once = redact(text);
      expect(redactText(once, masker('en')).found).toEqual([]);
    }
  });
  it('the catalogue has both languages', () => {
    expect(catalogueProblems(catalogue)).toEqual([]);
  });
});

describe('settings', () => {
  it('default: cards, IDs, IBANs and secrets masked; phones and emails kept', () => {
    expect([...maskedTypes(DEFAULT_SETTINGS)].sort()).toEqual([
      'card',
      'iban',
      'id_number',
      'secret',
    ]);
    expect(DEFAULT_SETTINGS.keepOriginal).toBe(false);
  });
  it('stored JSON over the defaults; broken JSON → defaults', () => {
    expect(settingsFrom('{"types":{"phone":"mask"}}').types.phone).toBe('mask');
    expect(settingsFrom('{"types":{"phone":"mask"}}').types.card).toBe('mask');
    expect(settingsFrom('nope')).toEqual(DEFAULT_SETTINGS);
    expect(settingsFrom('{"types":{"card":"maybe"}}')).toEqual(DEFAULT_SETTINGS);
  });
});
