import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getKnowledgeSource } from '../../../core/kit/knowledge-registry.ts';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let other: SeededAccount;
let admin: Session;
let agent: Session;
let supervisor: Session;
let otherAdmin: Session;

beforeAll(async () => {
  app = await testApp();
  acct = await app.seedAccount();
  other = await app.seedAccount();
  admin = await app.login(acct.users.owner.email, acct.users.owner.password);
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
  supervisor = await app.login(acct.users.supervisor.email, acct.users.supervisor.password);
  otherAdmin = await app.login(other.users.owner.email, other.users.owner.password);
});
afterAll(async () => {
  await app?.stop();
});

const article = {
  title: '我的快递到哪了',
  answer: '在「我的订单」里点「查看物流」即可。',
  body: '## 查询物流\n打开订单详情。',
  similarQuestions: ['物流信息怎么查', '包裹什么时候到'],
  keywords: ['快递', '物流'],
  locale: 'zh-CN',
};

describe('kb articles', () => {
  it('creates, reads, edits, publishes with versions, events and a readable diff', async () => {
    const created = await app.api('POST', '/api/v1/kb/articles', { session: admin, body: article });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: article.title,
      status: 'draft',
      version: 1,
      similarQuestions: article.similarQuestions,
      ownerId: acct.users.owner.id,
    });
    const id = created.body.id;
    const edited = await app.api('PATCH', `/api/v1/kb/articles/${id}`, {
      session: supervisor,
      body: { answer: '打开订单详情查看物流。', expectedVersion: 1 },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.version).toBe(2);
    const stale = await app.api('PATCH', `/api/v1/kb/articles/${id}`, {
      session: admin,
      body: { title: 'x', expectedVersion: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    const published = await app.api('POST', `/api/v1/kb/articles/${id}/publish`, {
      session: admin,
    });
    expect(published.body).toMatchObject({ status: 'published', version: 3 });
    const versions = await app.api('GET', `/api/v1/kb/articles/${id}/versions`, { session: agent });
    expect(versions.body.versions.map((v: any) => v.action)).toEqual([
      'published',
      'updated',
      'created',
    ]);
    expect(versions.body.versions[1].authorName).toContain('supervisor');
    const v2 = await app.api('GET', `/api/v1/kb/articles/${id}/versions/2`, { session: agent });
    expect(v2.body.diffText).toContain('- 在「我的订单」里点「查看物流」即可。');
    expect(v2.body.diffText).toContain('+ 打开订单详情查看物流。');
    const restored = await app.api('POST', `/api/v1/kb/articles/${id}/versions/1/restore`, {
      session: admin,
    });
    expect(restored.body).toMatchObject({
      answer: article.answer,
      version: 4,
      status: 'published',
    });
    const events = await app.services.database.db
      .selectFrom('events')
      .select('type')
      .where('account_id', '=', acct.accountId)
      .where('type', 'like', 'kb.%')
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual([
      'kb.article_created',
      'kb.article_updated',
      'kb.article_published',
      'kb.article_restored',
    ]);
  });

  it('links translations and rejects a second one in the same locale', async () => {
    const zh = (
      await app.api('POST', '/api/v1/kb/articles', {
        session: admin,
        body: { ...article, title: '如何退货' },
      })
    ).body;
    const en = await app.api('POST', `/api/v1/kb/articles/${zh.id}/translations`, {
      session: admin,
      body: {
        locale: 'en',
        title: 'How do I return an item?',
        answer: 'Open the order and tap Return.',
      },
    });
    expect(en.status).toBe(201);
    expect(en.body.translationGroupId).toBe(zh.translationGroupId);
    const again = await app.api('POST', `/api/v1/kb/articles/${zh.id}/translations`, {
      session: admin,
      body: { locale: 'en', title: 'dup' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('translation_exists');
    const detail = await app.api('GET', `/api/v1/kb/articles/${zh.id}`, { session: agent });
    expect(detail.body.translations).toEqual([{ id: en.body.id, locale: 'en', status: 'draft' }]);
  });

  it('lets agents read but not edit', async () => {
    const res = await app.api('POST', '/api/v1/kb/articles', { session: agent, body: article });
    expect(res.status).toBe(403);
    expect((await app.api('GET', '/api/v1/kb/articles', { session: agent })).status).toBe(200);
  });

  it('rejects bad input with stable codes', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...article, title: '' }, 'invalid_request'],
      [{ ...article, extra: 1 }, 'invalid_request'],
      [{ ...article, similarQuestions: 'not a list' }, 'invalid_request'],
      [{ ...article, status: 'archived' }, 'invalid_request'],
      [{ ...article, categoryId: '0190aaaa-0000-7000-8000-000000000000' }, 'unknown_category'],
      [{ ...article, inboxIds: [other.inboxId] }, 'unknown_inbox'],
    ];
    for (const [body, code] of cases) {
      const res = await app.api('POST', '/api/v1/kb/articles', { session: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe(code);
    }
  });

  it("hides other accounts' articles and categories (404)", async () => {
    const mine = (
      await app.api('POST', '/api/v1/kb/articles', {
        session: admin,
        body: { ...article, title: 'secret' },
      })
    ).body;
    const cat = (
      await app.api('POST', '/api/v1/kb/categories', {
        session: admin,
        body: { names: { en: 'Orders' } },
      })
    ).body;
    for (const [m, p] of [
      ['GET', `/api/v1/kb/articles/${mine.id}`],
      ['PATCH', `/api/v1/kb/articles/${mine.id}`],
      ['POST', `/api/v1/kb/articles/${mine.id}/publish`],
      ['DELETE', `/api/v1/kb/articles/${mine.id}`],
      ['GET', `/api/v1/kb/articles/${mine.id}/versions`],
      ['POST', `/api/v1/kb/articles/${mine.id}/versions/1/restore`],
      ['PATCH', `/api/v1/kb/categories/${cat.id}`],
      ['GET', '/api/v1/kb/articles/not-an-id'],
    ] as const) {
      const res = await app.api(m, p, {
        session: otherAdmin,
        body: m === 'PATCH' ? { title: 'x' } : undefined,
      });
      expect(res.status, `${m} ${p}`).toBe(m === 'PATCH' && p.includes('categories') ? 400 : 404);
    }
    const list = await app.api('GET', '/api/v1/kb/articles', { session: otherAdmin });
    expect(list.body.articles).toEqual([]);
    const move = await app.api('PATCH', `/api/v1/kb/articles/${mine.id}`, {
      session: admin,
      body: { categoryId: cat.id },
    });
    expect(move.body.categoryId).toBe(cat.id);
  });

  it('serves published articles through the KnowledgeSource, per inbox, with a moving version', async () => {
    const source = getKnowledgeSource()!;
    const v0 = await source.version(acct.accountId);
    const scoped = (
      await app.api('POST', '/api/v1/kb/articles', {
        session: admin,
        body: { ...article, title: 'inbox only', inboxIds: [acct.inboxId], status: 'published' },
      })
    ).body;
    expect(await source.version(acct.accountId)).not.toBe(v0);
    const all = await source.entries(acct.accountId);
    expect(all.every((e) => e.id)).toBe(true);
    expect(all.find((e) => e.id === scoped.id)).toMatchObject({
      title: 'inbox only',
      similarQuestions: article.similarQuestions,
      url: expect.stringContaining('/help/'),
    });
    expect(
      (
        await source.entries(acct.accountId, { inboxId: '0190aaaa-0000-7000-8000-000000000000' })
      ).find((e) => e.id === scoped.id),
    ).toBeUndefined();
    expect(await source.entries(other.accountId)).toEqual([]);
    const drafts = (await app.api('GET', '/api/v1/kb/articles?status=draft', { session: admin }))
      .body.articles;
    expect(all.some((e) => drafts.some((d: any) => d.id === e.id))).toBe(false);
    const search = await app.api('GET', `/api/v1/kb/search?q=${encodeURIComponent('快递到哪了')}`, {
      session: agent,
    });
    expect(search.status, JSON.stringify(search.body)).toBe(200);
    expect(search.body.results[0]).toMatchObject({ title: expect.any(String) });
    expect(search.body.results[0].highlights.title.length).toBeGreaterThan(0);
  });
});
