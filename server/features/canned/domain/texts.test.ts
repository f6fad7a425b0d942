import { describe, expect, it } from 'vitest';
import { cleanTexts, defaultContent, parseTexts, pickText } from './texts.ts';

describe('canned texts', () => {
  const both = { 'zh-CN': '您好', en: 'Hi' };
  it.each([
    [both, 'en', 'zh-CN', { text: 'Hi', language: 'en', fallback: false }],
    [both, 'zh-CN', 'en', { text: '您好', language: 'zh-CN', fallback: false }],
    [{ 'zh-CN': '您好' }, 'en', 'en', { text: '您好', language: 'zh-CN', fallback: true }],
    [{ en: 'Hi' }, 'zh-CN', 'zh-CN', { text: 'Hi', language: 'en', fallback: true }],
    [{}, 'en', 'zh-CN', null],
  ] as const)('pickText(%j, %s, account %s)', (texts, wanted, account, picked) => {
    expect(pickText(texts, wanted, account)).toEqual(picked);
  });

  it("the core's content column keeps the account language's text, else the first", () => {
    expect(defaultContent({ en: 'Hi', 'zh-CN': '您好' }, 'en-US')).toBe('Hi');
    expect(defaultContent({ en: 'Hi' }, 'zh-CN')).toBe('Hi');
    expect(defaultContent({}, 'zh-CN')).toBe('');
  });

  it('keeps only supported languages with a non-blank text', () => {
    expect(cleanTexts({ 'zh-CN': ' ', en: 'Hi', fr: 'Salut', de: 3 })).toEqual({ en: 'Hi' });
    expect(parseTexts('{"zh-CN":"您好","en":""}')).toEqual({ 'zh-CN': '您好' });
    expect(parseTexts('not json')).toEqual({});
    expect(parseTexts('null')).toEqual({});
    expect(parseTexts(null)).toEqual({});
  });
});
