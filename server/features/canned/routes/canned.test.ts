/** Canned responses over REST: one text per language, validation, permissions, existing rows kept. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededAccount, Session, TestApp } from '../../../test/test-app.ts';
import { testApp } from '../../../test/test-app.ts';
import { newId } from '../../../core/lib/ids.ts';
import { backfillTexts } from '../migrations/090-canned-texts.ts';
import { DEMO_CANNED, seedCannedDemo } from '../seed.ts';
import { createCanned } from '../test/setup.ts';

let t: TestApp;
let acct: SeededAccount;
let owner: Session;
let agent: Session;

beforeAll(async () => {
  t = await testApp();
  acct = await t.seedAccount();
  owner = await t.login(acct.users.owner.email, acct.users.owner.password);
  agent = await t.login(acct.users.agent.email, acct.users.agent.password);
});
afterAll(async () => {
  await t.stop();
});

const post = (body: unknown, session = owner) =>
  t.api('POST', '/api/v1/canned-responses', { session, body });
const list = async (q = '') =>
  (
    await t.api('GET', `/api/v1/canned-responses${q ? `?q=${encodeURIComponent(q)}` : ''}`, {
      session: agent,
    })
  ).body.data as Array<{ id: string; shortCode: string; texts: Record<string, string> }>;

describe('canned responses', () => {
  it('holds one text per language; agents list and search them in any language', async () => {
    const hello = await createCanned(t, owner, 'hello', {
      'zh-CN': '您好，我是{{agent.name}}',
      en: 'Hi, this is {{agent.name}}',
    });
    expect(hello.texts).toEqual({
      'zh-CN': '您好，我是{{agent.name}}',
      en: 'Hi, this is {{agent.name}}',
    });
    // an empty language is "no text in this language"
    const bye = await createCanned(t, owner, 'bye', { 'zh-CN': '', en: 'Bye!' });
    expect(bye.texts).toEqual({ en: 'Bye!' });

    expect((await list()).map((c) => c.shortCode)).toEqual(['bye', 'hello']);
    expect((await list('HEL')).map((c) => c.shortCode)).toEqual(['hello']);
    expect((await list('您好')).map((c) => c.shortCode)).toEqual(['hello']);
    expect((await list('bye!')).map((c) => c.shortCode)).toEqual(['bye']);
    expect(await list('nothing like it')).toEqual([]);
  });

  it('an edit replaces the texts of every language; the short code stays unless given', async () => {
    const c = await createCanned(t, owner, 'edit-me', { 'zh-CN': '旧', en: 'old' });
    const r = await t.api('PATCH', `/api/v1/canned-responses/${c.id}`, {
      session: owner,
      body: { texts: { en: 'new' } },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ id: c.id, shortCode: 'edit-me', texts: { en: 'new' } });
    const renamed = await t.api('PATCH', `/api/v1/canned-responses/${c.id}`, {
      session: owner,
      body: { shortCode: 'edited' },
    });
    expect(renamed.body).toEqual({ id: c.id, shortCode: 'edited', texts: { en: 'new' } });
    const gone = await t.api('DELETE', `/api/v1/canned-responses/${c.id}`, { session: owner });
    expect(gone.status).toBe(204);
    expect((await list()).some((x) => x.id === c.id)).toBe(false);
  });

  it.each([
    ['no texts', { shortCode: 'a' }],
    ['every text empty', { shortCode: 'a', texts: { 'zh-CN': ' ', en: '' } }],
    ['no language at all', { shortCode: 'a', texts: {} }],
    ['an unsupported language', { shortCode: 'a', texts: { en: 'Hi', fr: 'Salut' } }],
    ['the old single content', { shortCode: 'a', content: 'Hi' }],
    ['a short code with spaces', { shortCode: 'a b', texts: { en: 'Hi' } }],
    ['a text over 5000 characters', { shortCode: 'a', texts: { en: 'x'.repeat(5001) } }],
  ])('refuses %s with the stable error shape', async (_what, body) => {
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_request');
    expect(typeof r.body.error.message).toBe('string');
  });

  it('names the field: texts need one language', async () => {
    const r = await post({ shortCode: 'a', texts: { en: '' } });
    expect(r.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'body.texts' })]),
    );
  });

  it('a taken short code is 409; agents cannot manage; another account sees nothing', async () => {
    await createCanned(t, owner, 'taken', { en: 'x' });
    const dup = await post({ shortCode: 'taken', texts: { 'zh-CN': '重复' } });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'short_code_taken']);
    const byAgent = await post({ shortCode: 'mine', texts: { en: 'x' } }, agent);
    expect([byAgent.status, byAgent.body.error.code]).toEqual([403, 'forbidden']);
    const [c] = await list('taken');
    const other = await t.seedAccount();
    const stranger = await t.login(other.users.owner.email, other.users.owner.password);
    const patch = await t.api('PATCH', `/api/v1/canned-responses/${c.id}`, {
      session: stranger,
      body: { texts: { en: 'mine now' } },
    });
    expect([patch.status, patch.body.error.code]).toEqual([404, 'not_found']);
    const del = await t.api('DELETE', '/api/v1/canned-responses/not-an-id', { session: owner });
    expect(del.status).toBe(404);
    const theirs = await t.api('GET', '/api/v1/canned-responses', { session: stranger });
    expect(theirs.body.data).toEqual([]);
  });

  it("migration 090 keeps an existing response as the text of its account's language", async () => {
    const db = t.services.database.db;
    const now = Date.now();
    const row = (id: string, shortCode: string, content: string) => ({
      id,
      account_id: acct.accountId,
      short_code: shortCode,
      content,
      texts: '{}',
      created_at: now,
      updated_at: now,
    });
    await db
      .insertInto('canned_responses')
      .values([row(newId(), 'old-zh', '您好 / Hi'), row(newId(), 'old-two', 'Thanks')])
      .execute();
    await db
      .updateTable('accounts')
      .set({ locale: 'en' })
      .where('id', '=', acct.accountId)
      .execute();
    expect(await backfillTexts(db)).toBe(2);
    expect(await backfillTexts(db)).toBe(0); // rows with texts are left alone
    const byCode = Object.fromEntries((await list('old')).map((c) => [c.shortCode, c.texts]));
    expect(byCode).toEqual({ 'old-two': { en: 'Thanks' }, 'old-zh': { en: '您好 / Hi' } });
    await db
      .updateTable('accounts')
      .set({ locale: 'zh-CN' })
      .where('id', '=', acct.accountId)
      .execute();
  });

  it('the demo writes each response once per language, not "您好… / Hi…" in one text', async () => {
    const demo = await t.seedAccount();
    await seedCannedDemo(t.services, {
      accountId: demo.accountId,
      inboxId: demo.inboxId,
      inboxToken: demo.inboxToken,
      userIds: [],
      teamIds: { billing: '', support: '' },
    });
    const s = await t.login(demo.users.agent.email, demo.users.agent.password);
    const rows = (await t.api('GET', '/api/v1/canned-responses', { session: s })).body.data;
    expect(rows.map((r: { shortCode: string }) => r.shortCode)).toEqual([
      'hello',
      'order',
      'thanks',
    ]);
    const words = (text: string) => text.replace(/\{\{[^}]*\}\}/g, ''); // placeholders aside
    for (const r of rows) {
      expect(words(r.texts['zh-CN'])).not.toMatch(/[A-Za-z]/);
      expect(words(r.texts.en)).not.toMatch(/\p{Script=Han}/u);
    }
    expect(rows[0].texts).toEqual(DEMO_CANNED[0].texts);
  });
});
