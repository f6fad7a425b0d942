/** Accept-Language → the help center's language when the address names none. */
import { describe, expect, it } from 'vitest';
import { acceptedLocale } from './accept-language.ts';

describe('acceptedLocale', () => {
  it.each([
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['fr-FR,fr;q=0.9,en;q=0.5,zh;q=0.7', 'zh-CN'], // by preference, not by order
    ['de, en-GB;q=0.3', 'en'],
    ['en;q=0, zh', 'zh-CN'], // q=0: not acceptable
    ['fr, *;q=0.1', undefined],
    ['', undefined],
    [undefined, undefined],
  ] as const)('%j → %s', (header, expected) => {
    expect(acceptedLocale(header)).toBe(expected);
  });
});
