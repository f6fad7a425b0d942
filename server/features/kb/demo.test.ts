import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getKnowledgeSource } from '../../core/kit/knowledge-registry.ts';
import { testApp, type SeededAccount, type TestApp } from '../../test/test-app.ts';
import { seedDemoKb } from './demo.ts';
import { DEMO_ARTICLES } from './demo-data/articles.ts';
import { searchArticles } from './store/source.ts';

let app: TestApp;
let acct: SeededAccount;

beforeAll(async () => {
  app = await testApp();
  acct = await app.seedAccount();
  await seedDemoKb(app.services, {
    accountId: acct.accountId,
    inboxId: acct.inboxId,
    inboxToken: acct.inboxToken,
    userIds: [acct.users.owner.id],
    teamIds: { billing: '', support: '' },
  });
});
afterAll(async () => {
  await app?.stop();
});

describe('demo knowledge base', () => {
  it('publishes every article in zh-CN and en, linked as translations', async () => {
    const entries = await getKnowledgeSource()!.entries(acct.accountId, { inboxId: acct.inboxId });
    expect(entries).toHaveLength(DEMO_ARTICLES.length * 2);
    expect(entries.filter((e) => e.locale === 'en')).toHaveLength(DEMO_ARTICLES.length);
    const rows = await app.services.database.db
      .selectFrom('kb_articles')
      .select(['translation_group_id'])
      .where('account_id', '=', acct.accountId)
      .execute();
    expect(new Set(rows.map((r) => r.translation_group_id)).size).toBe(DEMO_ARTICLES.length);
  });

  // Paraphrases that are not in the articles' similar questions: the bot's retrieval should find the right article.
  const PROBES: Array<[string, string]> = [
    ['我的快递到哪了', '我的快递到哪了？'],
    ['where is my order', 'Where is my order?'],
    ['快递三天没动静了', '我的快递到哪了？'],
    ['I want my money back, when does the refund arrive?', 'When will I get my refund?'],
    ['退款怎么还没到账', '退款多久到账？'],
    ['how do I send back the shoes', 'Return policy: can I return an item within 7 days?'],
    ['能开公司发票吗', '怎么开发票？'],
    ['I forgot the password for my account', 'I forgot my password'],
    ['可以用信用卡付款吗', '支持哪些支付方式？'],
    ['买大了想换小一码', '尺码不合适可以换货吗？'],
  ];
  it("lets the bot's retrieval answer common questions in both languages", async () => {
    let correct = 0;
    const misses: string[] = [];
    for (const [q, title] of PROBES) {
      const [top] = await searchArticles(app.services.database.db, acct.accountId, q, { limit: 3 });
      if (top?.entry.title === title) correct++;
      else misses.push(`${q} → ${top?.entry.title}`);
    }
    expect(correct, misses.join('\n')).toBeGreaterThanOrEqual(PROBES.length - 1);
  });

  it('renders the demo help center in both languages', async () => {
    const slug = (
      await app.services.database.db
        .selectFrom('accounts')
        .select('slug')
        .where('id', '=', acct.accountId)
        .executeTakeFirstOrThrow()
    ).slug;
    const zh = await (await fetch(`${app.url}/help/${slug}?lang=zh-CN`)).text();
    for (const name of ['订单', '物流配送', '退货退款', '支付', '账户', '发票'])
      expect(zh).toContain(name);
    const en = await (await fetch(`${app.url}/help/${slug}?lang=en`)).text();
    for (const name of [
      'Orders',
      'Shipping &amp; delivery',
      'Returns &amp; refunds',
      'Payment',
      'Account',
      'Invoices',
    ])
      expect(en).toContain(name);
  });
});
