import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';
import { csvCell, parseFrontMatter } from './formats.ts';

let app: TestApp;
let acct: SeededAccount;
let admin: Session;
let agent: Session;

beforeAll(async () => {
  app = await testApp();
  acct = await app.seedAccount();
  admin = await app.login(acct.users.owner.email, acct.users.owner.password);
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
});
afterAll(async () => {
  await app?.stop();
});

const count = async () =>
  Number(
    (
      await app.services.database.db
        .selectFrom('kb_articles')
        .select((e) => e.fn.countAll().as('n'))
        .where('account_id', '=', acct.accountId)
        .executeTakeFirstOrThrow()
    ).n,
  );
const imp = (content: string, format: string, extra = '') =>
  app.api('POST', `/api/v1/kb/import?format=${format}${extra}`, {
    session: admin,
    body: { content },
  });
const impB64 = (bytes: Uint8Array, format = 'zip') =>
  app.api('POST', `/api/v1/kb/import?format=${format}`, {
    session: admin,
    body: { content: Buffer.from(bytes).toString('base64'), encoding: 'base64' },
  });

describe('kb import', () => {
  it('imports JSON lines with categories, then updates by id on re-import', async () => {
    const jsonl = [
      JSON.stringify({
        question: '怎么申请退款',
        similar_questions: ['退款流程', '如何退钱'],
        answer: '在订单页点「申请退款」。',
        body: '# 退款',
        category: '售后/退款',
        locale: 'zh-CN',
      }),
      JSON.stringify({
        question: 'How do I get a refund?',
        similar_questions: ['refund process'],
        answer: 'Open the order and tap Refund.',
        category: 'Returns',
        locale: 'en',
      }),
    ].join('\n');
    const res = await imp(jsonl, 'jsonl', '&status=published');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: 2, updated: 0 });
    const cats = (await app.api('GET', '/api/v1/kb/categories', { session: agent })).body
      .categories;
    const after = cats.find((c: any) => c.names['zh-CN'] === '退款');
    expect(cats.find((c: any) => c.id === after.parentId).names['zh-CN']).toBe('售后');
    const exported = await app.api('GET', '/api/v1/kb/export?format=jsonl', { session: agent });
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    const rows = String(exported.body)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.locale === 'zh-CN')).toMatchObject({
      category: '售后/退款',
      similar_questions: ['退款流程', '如何退钱'],
      status: 'published',
    });
    rows[0].answer = 'changed';
    const again = await imp(rows.map((r) => JSON.stringify(r)).join('\n'), 'jsonl');
    expect(again.body).toMatchObject({ created: 0, updated: 2 });
    expect(await count()).toBe(2);
  });

  it('imports CSV (| separated similar questions) and round-trips the zip export', async () => {
    const csv =
      'question,similar_questions,answer,category,locale\n"Where is my order?","order status|track my package","See Orders > Track.",Orders,en\n';
    const res = await imp(csv, 'csv');
    expect(res.body).toMatchObject({ created: 1 });
    const before = await count();
    const zip = await fetch(`${app.url}/api/v1/kb/export?format=zip`, {
      headers: { cookie: admin.cookie },
    });
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const re = await impB64(new Uint8Array(await zip.arrayBuffer()));
    expect(re.status, JSON.stringify(re.body)).toBe(200);
    expect(re.body).toMatchObject({ created: 0, updated: before });
    const csvOut = await app.api('GET', '/api/v1/kb/export?format=csv', { session: agent });
    expect(String(csvOut.body)).toContain('"order status|track my package"');
  });

  it('imports a zip of Markdown with front matter lists', async () => {
    const md =
      '---\ntitle: 发票怎么开\nlocale: zh-CN\nsimilar_questions:\n  - 开发票\n  - "如何开具发票"\ncategory: 发票\n---\n在订单详情页申请电子发票。\n';
    const res = await impB64(
      zipSync({ 'invoices/a.md': strToU8(md), 'readme.txt': strToU8('ignored') }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const list = (await app.api('GET', '/api/v1/kb/articles?q=发票', { session: agent })).body
      .articles;
    expect(list[0]).toMatchObject({
      title: '发票怎么开',
      similarQuestions: ['开发票', '如何开具发票'],
      body: '在订单详情页申请电子发票。',
    });
  });

  it('rejects partial bad rows with every reason and applies nothing', async () => {
    const before = await count();
    const jsonl = [
      JSON.stringify({ question: 'good one', answer: 'ok' }),
      '{not json',
      JSON.stringify({ answer: 'no question' }),
      JSON.stringify({ question: 'bad locale', locale: 'english!!' }),
      '[1,2]',
      JSON.stringify({ question: 'another good one' }),
    ].join('\n');
    const res = await imp(jsonl, 'jsonl');
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('import_rejected');
    expect(res.body.error.details.errors.map((e: any) => e.row)).toEqual([2, 3, 4, 5]);
    expect(res.body.error.details.errors[0].reason).toBe('invalid JSON');
    expect(res.body.error.details.errors[1].reason).toContain('question');
    expect(await count()).toBe(before);
  });

  it('rejects malformed files and oversize imports with clear codes', async () => {
    const before = await count();
    const cases: Array<[() => Promise<any>, number, string]> = [
      [() => imp('question,answer\n"unterminated,quote\n', 'csv'), 400, 'import_malformed'],
      [() => imp('title,answer\nx,y\n', 'csv'), 400, 'import_malformed'],
      [() => imp('a,b\n1,2,3\n', 'csv'), 400, 'import_malformed'],
      [() => impB64(strToU8('PK\u0003\u0004 garbage garbage')), 400, 'import_malformed'],
      [() => impB64(zipSync({ 'x.txt': strToU8('no markdown') })), 400, 'import_malformed'],
      [() => impB64(zipSync({ 'x.md': strToU8('no front matter') })), 422, 'import_rejected'],
      [() => imp('', 'jsonl'), 400, 'import_malformed'],
      [
        () => impB64(zipSync({ 'big.md': new Uint8Array(600 * 1024).fill(97) })),
        413,
        'import_too_large',
      ],
      [
        () =>
          imp(
            Array.from({ length: 5001 }, (_, i) => JSON.stringify({ question: `q${i}` })).join(
              '\n',
            ),
            'jsonl',
          ),
        413,
        'import_too_large',
      ],
      [
        () => app.api('POST', '/api/v1/kb/import', { session: admin, body: { content: 'x' } }),
        400,
        'unknown_format',
      ],
      [
        () =>
          app.api('POST', '/api/v1/kb/import?format=jsonl', {
            session: agent,
            body: { content: '{"question":"x"}' },
          }),
        403,
        'forbidden',
      ],
    ];
    for (const [run, status, code] of cases) {
      const res = await run();
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    expect(await count()).toBe(before);
  });

  it('accepts a multipart upload (format from the file name)', async () => {
    const form = new FormData();
    form.append('file', new Blob(['{"question":"multipart one"}\n']), 'kb.jsonl');
    const res = await fetch(`${app.url}/api/v1/kb/import`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      body: form,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ created: 1 });
  });

  it('escapes spreadsheet formulas and parses front matter', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('plain')).toBe('"plain"');
    expect(parseFrontMatter('---\na: 1\nb: ["x", "y"]\n---\nbody')).toEqual({
      data: { a: '1', b: ['x', 'y'] },
      body: 'body',
    });
    expect(parseFrontMatter('no front matter')).toBeNull();
  });
});
