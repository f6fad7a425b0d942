import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInbox } from '../../../core/commands/accounts.ts';
import { execute } from '../../../core/commands/context.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';
import { until } from '../../../test/wait.ts';

let app: TestApp;
let acct: SeededAccount;
let other: SeededAccount;
let admin: Session;
let otherAdmin: Session;
let slug: string;
let otherSlug: string;

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(app.url + path, { headers, redirect: 'manual' });
const slugOf = async (accountId: string) =>
  (
    await app.services.database.db
      .selectFrom('accounts')
      .select('slug')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow()
  ).slug;
const create = (session: Session, body: Record<string, unknown>) =>
  app.api('POST', '/api/v1/kb/articles', { session, body });

let zhId: string;
let enId: string;
let draftId: string;
let catId: string;

beforeAll(async () => {
  app = await testApp();
  acct = await app.seedAccount();
  other = await app.seedAccount();
  admin = await app.login(acct.users.owner.email, acct.users.owner.password);
  otherAdmin = await app.login(other.users.owner.email, other.users.owner.password);
  slug = await slugOf(acct.accountId);
  otherSlug = await slugOf(other.accountId);
  catId = (
    await app.api('POST', '/api/v1/kb/categories', {
      session: admin,
      body: {
        names: { 'zh-CN': '订单', en: 'Orders' },
        descriptions: { 'zh-CN': '订单与物流', en: 'Orders and delivery' },
      },
    })
  ).body.id;
  zhId = (
    await create(admin, {
      title: '我的快递到哪了 <script>alert(1)</script>',
      answer: '打开「我的订单」查看物流。',
      body: '## 查物流\n<script>alert(2)</script>\n[点我](javascript:alert(3))',
      similarQuestions: ['物流信息怎么查', '包裹什么时候到'],
      categoryId: catId,
      status: 'published',
      locale: 'zh-CN',
    })
  ).body.id;
  enId = (
    await app.api('POST', `/api/v1/kb/articles/${zhId}/translations`, {
      session: admin,
      body: {
        locale: 'en',
        title: 'Where is my order?',
        answer: 'Open My Orders and tap Track.',
        similarQuestions: ['track my package', 'order status'],
        status: 'published',
      },
    })
  ).body.id;
  draftId = (
    await create(admin, { title: 'Secret draft about refunds', answer: 'internal', locale: 'en' })
  ).body.id;
  await create(otherAdmin, {
    title: 'Other account article',
    answer: 'x',
    status: 'published',
    locale: 'en',
  });
});
afterAll(async () => {
  await app?.stop();
});

describe('public help center', () => {
  it('renders the home page with categories, popular articles, metadata and a strict CSP', async () => {
    const res = await get(`/help/${slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toMatch(/<title>帮助中心 · Account /);
    expect(html).toContain('<meta name="description"');
    expect(html).toContain(`<link rel="canonical" href="${app.url}/help/${slug}?lang=zh-CN">`);
    expect(html).toContain(`hreflang="en" href="${app.url}/help/${slug}?lang=en"`);
    expect(html).toContain('订单');
    expect(html).toContain(`/help/${slug}/articles/${zhId}`);
    expect(html).not.toContain('Secret draft');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain(`data-kefu-inbox="${acct.inboxToken}"`);
    const en = await (await get(`/help/${slug}?lang=en`)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Where is my order?');
    expect(en).not.toContain('我的快递到哪了');
  });

  it('renders an article with escaped title, sanitized body, breadcrumbs, translations and the chat box with context', async () => {
    const res = await get(`/help/${slug}/articles/${zhId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('我的快递到哪了 &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script>alert/);
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<h2>查物流</h2>');
    expect(html).toContain('class="crumbs"');
    expect(html).toContain(`href="/help/${slug}/categories/${catId}?lang=zh-CN">订单</a>`);
    expect(html).toContain(`hreflang="en" href="${app.url}/help/${slug}/articles/${enId}"`);
    expect(html).toContain(
      `<link rel="canonical" href="${app.url}/help/${slug}/articles/${zhId}">`,
    );
    expect(html).toContain('data-kefu-context="{&quot;articleId&quot;');
    expect(html).toContain('method="post"');
    const enHtml = await (await get(`/help/${slug}/articles/${enId}`)).text();
    expect(enHtml).toContain('<html lang="en">');
    expect(enHtml).toContain('Was this article helpful?');
  });

  it("never shows drafts, unknown ids or other accounts' articles (404)", async () => {
    const otherArticle = (await app.api('GET', '/api/v1/kb/articles', { session: otherAdmin })).body
      .articles[0].id;
    for (const path of [
      `/help/${slug}/articles/${draftId}`,
      `/help/${slug}/articles/${otherArticle}`,
      `/help/${otherSlug}/articles/${zhId}`,
      `/help/${slug}/articles/nope`,
      `/help/${slug}/categories/${draftId}`,
      '/help/no-such-account',
      `/help/${otherSlug}/categories/${catId}`,
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
    const search = await (
      await get(`/help/${slug}/search?q=${encodeURIComponent('refunds')}&lang=en`)
    ).text();
    expect(search).not.toContain('Secret draft');
    const otherHome = await (await get(`/help/${otherSlug}?lang=en`)).text();
    expect(otherHome).not.toContain('Where is my order');
  });

  it('searches server-side and as JSON for instant results', async () => {
    const html = await (
      await get(`/help/${slug}/search?q=${encodeURIComponent('包裹什么时候到')}&lang=zh-CN`)
    ).text();
    expect(html).toContain(`/help/${slug}/articles/${zhId}`);
    expect(html).toContain('noindex');
    const json = await (
      await get(`/help/${slug}/search.json?q=${encodeURIComponent('track my package')}&lang=en`)
    ).json();
    expect(json.results[0]).toMatchObject({
      id: enId,
      title: 'Where is my order?',
      url: `/help/${slug}/articles/${enId}`,
    });
    const none = await (
      await get(`/help/${slug}/search?q=${encodeURIComponent('<img src=x onerror=alert(1)>')}`)
    ).text();
    expect(none).not.toContain('<img src=x');
  });

  it('takes feedback without JavaScript (POST + redirect) and stores it', async () => {
    const res = await fetch(`${app.url}/help/${slug}/articles/${enId}/feedback`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `helpful=no&comment=${encodeURIComponent('Needs more <b>detail</b>')}`,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(
      `/help/${slug}/articles/${enId}?feedback=thanks#feedback`,
    );
    const thanks = await (await get(res.headers.get('location')!)).text();
    expect(thanks).toContain('Thanks for your feedback!');
    const rows = await app.services.database.db
      .selectFrom('kb_feedback')
      .selectAll()
      .where('article_id', '=', enId)
      .execute();
    expect(rows).toMatchObject([
      { helpful: 0, comment: 'Needs more <b>detail</b>', account_id: acct.accountId },
    ]);
    const article = (await app.api('GET', `/api/v1/kb/articles/${enId}`, { session: admin })).body;
    expect(article.unhelpfulCount).toBe(1);
    const draft = await fetch(`${app.url}/help/${slug}/articles/${draftId}/feedback`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'helpful=yes',
    });
    expect(draft.status).toBe(404);
  });

  it('serves pages from the cache and invalidates them on publish', async () => {
    const path = `/help/${slug}?lang=en`;
    const first = await get(path);
    const etag = first.headers.get('etag')!;
    expect((await get(path, { 'if-none-match': etag })).status).toBe(304);
    const fresh = (
      await create(admin, {
        title: 'How do refunds work?',
        answer: 'Refunds take 3-5 days.',
        locale: 'en',
        categoryId: catId,
      })
    ).body.id;
    expect(await (await get(path)).text()).not.toContain('How do refunds work?');
    await app.api('POST', `/api/v1/kb/articles/${fresh}/publish`, { session: admin });
    // The page cache is dropped by an event processor after the commit: wait for that, not for a time.
    const after = await until(
      async () => {
        const r = await get(path);
        return { etag: r.headers.get('etag'), text: await r.text() };
      },
      (r) => r.text.includes('How do refunds work?'),
      { what: 'the published article on the page' },
    );
    expect(after.etag).not.toBe(etag);
    expect((await get(`/help/${slug}/articles/${fresh}`)).status).toBe(200);
    await app.api('POST', `/api/v1/kb/articles/${fresh}/archive`, { session: admin });
    await until(
      async () => (await get(`/help/${slug}/articles/${fresh}`)).status,
      (s) => s === 404,
      { what: 'the archived article gone' },
    );
  });

  it('publishes a sitemap with hreflang alternates and robots.txt', async () => {
    const res = await get(`/help/${slug}/sitemap.xml`);
    expect(res.headers.get('content-type')).toContain('application/xml');
    const xml = await res.text();
    expect(xml).toContain(`<loc>${app.url}/help/${slug}/articles/${zhId}</loc>`);
    expect(xml).toContain(`hreflang="en" href="${app.url}/help/${slug}/articles/${enId}"`);
    expect(xml).not.toContain(draftId);
    const robots = await (await get('/robots.txt')).text();
    expect(robots).toContain('Disallow: /api/');
    expect(await (await get(`/help/${slug}/robots.txt`)).text()).toContain(
      `Sitemap: ${app.url}/help/${slug}/sitemap.xml`,
    );
  });

  it("maps a custom domain (Host) to the account's help center", async () => {
    await app.services.database.db
      .updateTable('accounts')
      .set({ settings: JSON.stringify({ helpCenter: { customDomain: 'help.shop.example' } }) })
      .where('id', '=', acct.accountId)
      .execute();
    await new Promise((r) => setTimeout(r, 10));
    const { invalidateHelpCenter } = await import('./http.ts');
    invalidateHelpCenter(acct.accountId);
    const { request } = await import('node:http');
    const body = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const u = new URL(app.url);
      const r = request(
        { host: u.hostname, port: u.port, path: '/', headers: { host: 'help.shop.example' } },
        (res) => {
          let text = '';
          res.on('data', (c) => {
            text += c;
          });
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      r.on('error', reject);
      r.end();
    });
    expect(body.status).toBe(200);
    expect(body.text).toContain(
      `<link rel="canonical" href="http://help.shop.example/help/${slug}?lang=zh-CN">`,
    );
  });

  it('offers widget article search to visitors of the inbox only', async () => {
    const v = await app.visitor(acct.inboxToken);
    const res = await app.api(
      'GET',
      `/widget/v1/articles/search?q=${encodeURIComponent('where is my order')}`,
      { token: v.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({
      id: enId,
      title: 'Where is my order?',
      url: `/help/${slug}/articles/${enId}`,
    });
    expect(res.body.results.some((r: any) => r.id === draftId)).toBe(false);
    const ov = await app.visitor(other.inboxToken);
    const theirs = await app.api(
      'GET',
      `/widget/v1/articles/search?q=${encodeURIComponent('where is my order')}`,
      { token: ov.token },
    );
    expect(theirs.body.results.some((r: any) => r.id === enId)).toBe(false);
    expect((await app.api('GET', '/widget/v1/articles/search?q=x')).status).toBe(401);
    expect((await app.api('GET', '/widget/v1/articles/search', { token: v.token })).status).toBe(
      400,
    );
  });

  it("serves article images only from the account's own uploads", async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const upload = async (data: Buffer, name: string) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(data)]), name);
      const res = await fetch(`${app.url}/api/v1/kb/files`, {
        method: 'POST',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
        body: form,
      });
      return { status: res.status, body: await res.json() };
    };
    const up = await upload(png, 'dot.png');
    expect(up.status).toBe(201);
    expect(up.body.url).toBe(`/help/${slug}/files/${up.body.id}`);
    const svg = await upload(
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'x.svg',
    );
    expect(svg.status).toBe(415);
    const a = (
      await create(admin, {
        title: 'Picture article',
        body: `${up.body.markdown}\n\n![evil](https://evil.example/x.png)`,
        status: 'published',
        locale: 'en',
      })
    ).body;
    const html = await (await get(`/help/${slug}/articles/${a.id}`)).text();
    expect(html).toContain(`<img src="${up.body.url}"`);
    expect(html).not.toContain('evil.example');
    const img = await get(up.body.url);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get(`/help/${otherSlug}/files/${up.body.id}`)).status).toBe(404);
  });

  it("shows only articles visible in the help center's inbox", async () => {
    const internal = await execute(app.services, systemActor(acct.accountId), createInbox, {
      name: 'Internal',
      channelType: 'api',
    });
    const scoped = (
      await create(admin, {
        title: 'Internal only article',
        answer: 'x',
        status: 'published',
        locale: 'en',
        inboxIds: [internal.id],
      })
    ).body;
    const web = (
      await create(admin, {
        title: 'Website inbox article',
        answer: 'y',
        status: 'published',
        locale: 'en',
        inboxIds: [acct.inboxId],
      })
    ).body;
    await until(
      async () => (await get(`/help/${slug}/articles/${web.id}`)).status,
      (s) => s === 200,
      { what: 'the new article in the help center' },
    ); // cache dropped after commit
    expect((await get(`/help/${slug}/articles/${scoped.id}`)).status).toBe(404);
    const home = await (await get(`/help/${slug}?lang=en`)).text();
    expect(home).not.toContain('Internal only article');
    expect(await (await get(`/help/${slug}/sitemap.xml`)).text()).not.toContain(scoped.id);
  });
});
