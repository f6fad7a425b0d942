import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.ts';
import { normalizeText, toHalfWidth, toSimplified } from './normalize.ts';
import { stemEn, tokenize } from './tokenize.ts';

describe('detectLanguage', () => {
  it.each([
    ['我的订单什么时候发货', 'zh'],
    ['where is my order', 'en'],
    ['我的 order 还没到', 'zh'],
    ['Hi, 我想退款 please help me with the refund of my last order', 'en'],
    ['Здравствуйте, где мой заказ', 'other'],
    ['12345 !!!', 'other'],
  ])('%s → %s', (text, lang) => expect(detectLanguage(text).language).toBe(lang));

  it('flags mixed text', () => {
    expect(detectLanguage('我的 order number 是多少').mixed).toBe(true);
    expect(detectLanguage('我的订单').mixed).toBe(false);
  });
});

describe('normalization', () => {
  it('folds full width, case and traditional characters', () => {
    expect(toHalfWidth('ＡＢＣ１２３！　')).toBe('ABC123! ');
    expect(toSimplified('請問訂單什麼時候發貨')).toBe('请问订单什么时候发货');
    expect(normalizeText('  ＨＥＬＬＯ\u200b  World 退貨 ')).toBe('hello world 退货');
  });
});

describe('tokenize', () => {
  it('segments Chinese with jieba and keeps English words', () => {
    const t = tokenize('我的訂單ABC123還沒到, where is my Refunds?');
    expect(t).toContain('订单');
    expect(t).toContain('abc123');
    expect(t).toContain('where');
    expect(t).not.toContain(',');
  });
  it('stems English when asked', () => {
    expect(tokenize('refunds refunded', { stem: true })).toEqual(['refund', 'refund']);
    expect(stemEn('deliveries')).toBe('delivery');
    expect(stemEn('address')).toBe('address');
  });
});
