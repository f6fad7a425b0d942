/** Serving the loader (/widget.js) and the iframe app (/widget/app and its assets). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SeededAccount, TestApp } from '../../test/test-app.ts';
import { WIDGET_DIST } from './http.ts';
import { inboxSettings, widgetApp, type WidgetApp } from './test/widget.ts';

let w: WidgetApp;
let app: TestApp;
let acct: SeededAccount;

beforeAll(async () => {
  if (!existsSync(join(WIDGET_DIST, 'manifest.json'))) {
    const { build } = await import('../../../web/widget/build.ts');
    await build(WIDGET_DIST);
  }
  w = await widgetApp();
  ({ app, acct } = w);
});
afterAll(async () => {
  await w?.app.stop();
});

describe('serving the loader and the iframe app', () => {
  it('serves /widget.js with a short cache', async () => {
    const res = await fetch(`${app.url}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await res.text()).toContain('data-kefu-inbox');
  });

  it('serves /widget/app with a strict CSP; frame-ancestors follow the allowed domains at once', async () => {
    const open = await fetch(`${app.url}/widget/app?inbox=${acct.inboxToken}`);
    expect(open.status).toBe(200);
    const csp = open.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('frame-ancestors *');
    expect(csp).not.toContain('unsafe-inline');
    const html = await open.text();
    expect(html).not.toMatch(/<script>(?!<\/script>)|<script[^>]*>[^<]+<\/script>/); // no inline script bodies
    const js = html.match(/src="(\/widget\/app\/assets\/app-[A-Z0-9]+\.js)"/)![1];
    const asset = await fetch(app.url + js);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');

    await inboxSettings(w, { allowedDomains: ['shop.example.com', '*.brand.cn'] });
    const limited = await fetch(`${app.url}/widget/app?inbox=${acct.inboxToken}`);
    expect(limited.headers.get('content-security-policy')).toContain(
      "frame-ancestors 'self' shop.example.com *.brand.cn brand.cn",
    );
    await inboxSettings(w, { allowedDomains: [] });
  });

  it('unknown inbox → 404; asset names are not paths', async () => {
    expect((await fetch(`${app.url}/widget/app?inbox=nope`)).status).toBe(404);
    expect((await fetch(`${app.url}/widget/app/assets/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${app.url}/widget/app/assets/nope.js`)).status).toBe(404);
  });
});
