import { describe, expect, it } from 'vitest';
import { renderMarkdown, safeHref } from './markdown.ts';

const P = '/help/demo/files/';

describe('help-center markdown', () => {
  it.each([
    ['https://example.com', true],
    ['http://x', true],
    ['mailto:a@b.c', true],
    ['/help/demo/x', true],
    ['../x', true],
    ['#top', true],
    ['javascript:alert(1)', false],
    ['JaVaScRiPt:alert(1)', false],
    [' javascript:alert(1)', false],
    ['java\tscript:alert(1)', false],
    ['data:text/html,<script>', false],
    ['vbscript:x', false],
    ['//evil.example', false],
    ['file:///etc/passwd', false],
  ])('safeHref(%j) = %s', (url, ok) => expect(safeHref(url)).toBe(ok));

  it('never passes raw HTML or scripts through', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n**bold**',
      P,
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<strong>bold</strong>');
  });

  it('neutralizes unsafe links and foreign images', () => {
    const html = renderMarkdown(
      '[a](javascript:alert(1)) [b](data:text/html;base64,xx) [c](https://ok.example) ![x](https://evil.example/p.png) ![y](/help/demo/files/abc.png) ![z](/help/demo/files/../../etc)',
      P,
    );
    expect(html).not.toMatch(/javascript:|data:/);
    expect(html).toContain(
      'href="https://ok.example" rel="nofollow noopener noreferrer" target="_blank"',
    );
    expect(html).not.toContain('evil.example');
    expect(html).toContain('<img src="/help/demo/files/abc.png" alt="y"');
    expect(html).not.toContain('etc"');
  });
});
