/** The web-chat settings rules: frame-ancestors, the allow-list, the public pre-chat form (pure). */
import { describe, expect, it } from 'vitest';
import { frameAncestors, originAllowed, publicWidgetSettings } from './settings.ts';

describe('widget settings rules (pure)', () => {
  it.each([
    [[], '*'],
    [['shop.example.com'], "'self' shop.example.com"],
    [['*.brand.cn', 'localhost:8080'], "'self' *.brand.cn brand.cn localhost:8080"],
    [['bad host; script-src *', 'ok.example'], "'self' ok.example"],
  ])('frame-ancestors for %j', (allowedDomains, expected) => {
    expect(frameAncestors({ allowedDomains })).toBe(expected);
  });

  it('allow-list matching', () => {
    const s = { allowedDomains: ['shop.example.com', '*.brand.cn'] };
    expect(originAllowed(s, 'https://shop.example.com', 'kefu.example')).toBe(true);
    expect(originAllowed(s, 'https://m.brand.cn', undefined)).toBe(true);
    expect(originAllowed(s, 'https://brand.cn', undefined)).toBe(true);
    expect(originAllowed(s, 'https://evilbrand.cn', undefined)).toBe(false);
    expect(originAllowed(s, 'https://shop.example.com.evil.io', undefined)).toBe(false);
    expect(originAllowed(s, 'not a url', undefined)).toBe(false);
  });

  it('pre-chat form: only known fields; required ⊆ fields; disabled without fields', () => {
    expect(
      publicWidgetSettings({
        preChatForm: {
          enabled: true,
          fields: ['email', 'name', 'shoe'],
          required: ['email', 'phone'],
        },
      }).preChatForm,
    ).toEqual({ enabled: true, fields: ['email', 'name'], required: ['email'] });
    expect(
      publicWidgetSettings({ preChatForm: { enabled: true, fields: [] } }).preChatForm.enabled,
    ).toBe(false);
  });
});
