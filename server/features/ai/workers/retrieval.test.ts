import { afterAll, describe, expect, it } from 'vitest';
import type { KnowledgeEntry, KnowledgeSource } from '../../../core/kit/contracts.ts';
import { closeRetrieval, searchKnowledge } from './retrieval.ts';
import { demoKnowledge } from './knowledge.ts';

afterAll(async () => {
  await closeRetrieval();
});

function memorySource(
  entries: KnowledgeEntry[],
): KnowledgeSource & { entries_: KnowledgeEntry[]; v: number; fetches: number } {
  const s = {
    entries_: entries,
    v: 1,
    fetches: 0,
    entries: async () => {
      s.fetches++;
      return s.entries_;
    },
    version: async () => `v${s.v}`,
  };
  return s;
}

const art = (id: string, title: string, answer: string, locale = 'zh-CN'): KnowledgeEntry => ({
  id,
  title,
  similarQuestions: [],
  keywords: [],
  answer,
  locale,
});

describe('retrieval worker', () => {
  // How free the event loop stays while the index builds is measured in bench/units.bench.ts
  // (`kb_index_build_loop_lag`), not asserted here.
  it('builds the index in the worker, caches it per version, rebuilds on a new version', async () => {
    const src = memorySource(demoKnowledge());
    const first = await searchKnowledge('acct-1', 'inbox-1', '我的快递到哪了', 'zh', {
      source: src,
    });
    expect(first[0].id).toBe('demo-order-status-zh');
    const en = await searchKnowledge('acct-1', 'inbox-1', 'where is my order', 'en', {
      source: src,
    });
    expect(en[0].id).toBe('demo-order-status-en');
    expect(src.fetches).toBe(1);
    src.entries_ = [art('new-1', '可以开发票吗', '可以，在订单详情申请。')];
    src.v = 2;
    expect(
      (await searchKnowledge('acct-1', 'inbox-1', '开发票', 'zh', { source: src }))[0].id,
    ).toBe('new-1');
    expect(src.fetches).toBe(2);
  }, 60_000);

  it('keeps accounts apart', async () => {
    const a = memorySource([art('a-1', '退货流程', '七天无理由')]);
    const b = memorySource([art('b-1', '退货流程', '不支持退货')]);
    expect((await searchKnowledge('acct-a', undefined, '退货', 'zh', { source: a }))[0].id).toBe(
      'a-1',
    );
    expect((await searchKnowledge('acct-b', undefined, '退货', 'zh', { source: b }))[0].id).toBe(
      'b-1',
    );
  }, 30_000);

  it('falls back to the demo KB only when asked, and only when the account has none or its source fails', async () => {
    const empty = memorySource([]);
    expect(
      await searchKnowledge('acct-e', undefined, 'where is my order', 'en', { source: empty }),
    ).toEqual([]);
    expect(
      (
        await searchKnowledge('acct-e', undefined, 'where is my order', 'en', {
          source: empty,
          demoFallback: true,
        })
      )[0].id,
    ).toBe('demo-order-status-en');
    const broken: KnowledgeSource = {
      entries: async () => {
        throw new Error('db down');
      },
      version: async () => {
        throw new Error('db down');
      },
    };
    expect(
      (
        await searchKnowledge('acct-x', undefined, '怎么退款', 'zh', {
          source: broken,
          demoFallback: true,
        })
      )[0].id,
    ).toBe('demo-refund-zh');
    await expect(
      searchKnowledge('acct-x', undefined, '怎么退款', 'zh', { source: broken }),
    ).rejects.toThrow('db down');
    const own = memorySource([art('own-1', '营业时间', '每天 9:00–21:00')]);
    const r = await searchKnowledge('acct-o', undefined, 'where is my order', 'en', {
      source: own,
      demoFallback: true,
    });
    expect(r.every((c) => c.id === 'own-1')).toBe(true);
  }, 30_000);

  it('blends embeddings when an embedder is given: finds an entry with no words in common; falls back to lexical when embedding fails', async () => {
    const src = memorySource([
      art('refund', '退货流程', '签收后 7 天内可退货。'),
      art('hours', '营业时间', '每天 9:00–21:00。'),
      art('pay', '支付方式', '支持微信和支付宝。'),
    ]);
    const topic = (t: string) =>
      /退货|send (?:it|this) back/i.test(t)
        ? [1, 0, 0]
        : /营业|open/i.test(t)
          ? [0, 1, 0]
          : [0, 0, 1];
    const calls: string[][] = [];
    const embedder = {
      model: 'e1',
      embed: async (texts: string[]) => {
        calls.push(texts);
        return texts.map(topic);
      },
    };
    const lexical = await searchKnowledge('acct-h', undefined, 'can I send this back', 'en', {
      source: src,
    });
    expect(lexical.find((c) => c.id === 'refund')).toBeUndefined();
    const hybrid = await searchKnowledge('acct-h', undefined, 'can I send this back', 'en', {
      source: src,
      embedder,
    });
    expect(hybrid[0].id).toBe('refund');
    expect(calls[0]).toEqual(expect.arrayContaining(['退货流程', '营业时间', '支付方式']));
    expect(calls.at(-1)).toEqual(['can I send this back']);
    const n = calls.length;
    await searchKnowledge('acct-h', undefined, 'when are you open', 'en', {
      source: src,
      embedder,
    });
    expect(calls.length).toBe(n + 1); // variants embedded once per version; one call per query
    const broken = {
      model: 'e2',
      embed: async () => {
        throw new Error('provider down');
      },
    };
    const r = await searchKnowledge('acct-h', undefined, '退货', 'zh', {
      source: src,
      embedder: broken,
    });
    expect(r[0].id).toBe('refund');
  }, 30_000);

  it('recovers after the worker is gone', async () => {
    await closeRetrieval();
    const src = memorySource([art('r-1', '怎么修改密码', '在账号设置中修改。')]);
    expect(
      (await searchKnowledge('acct-r', undefined, '修改密码', 'zh', { source: src }))[0].id,
    ).toBe('r-1');
  }, 30_000);
});
