import { describe, expect, it } from 'vitest';
import { buildIndex, type KbEntry } from './index.ts';
import { search } from './search.ts';
import { termsOf } from './terms.ts';
import { buildSynonymMap } from './synonyms.ts';

const kb: KbEntry[] = [
  { id: 'ship', question: '多久发货？', similar_questions: ['什么时候发货', '下单后几天发出'], answer: '付款后48小时内发货。' },
  { id: 'track', question: '怎么查询物流？', similar_questions: ['快递到哪了', '包裹在哪里'], answer: '在"我的订单"里点"查看物流"。' },
  { id: 'refund', question: 'How do I get a refund?', similar_questions: ['I want my money back', 'refund request'], answer: 'Open the order and tap "Request refund".', locale: 'en' },
  { id: 'pwd', question: 'I forgot my password', similar_questions: ['reset password', 'cannot log in'], answer: 'Use "Forgot password" on the login page.', locale: 'en' },
];

describe('retrieval', () => {
  const index = buildIndex(kb, { learn: false });

  it('folds synonyms and traditional characters in terms', () => {
    const syn = buildSynonymMap();
    expect(termsOf('我的包裹', syn)).toContain('快递');
    expect(termsOf('物流', syn)).toEqual(termsOf('快遞', syn));
  });

  it('finds Chinese entries through segmentation and synonyms', () => {
    const r = search(index, '我的快递现在到哪里了', 3);
    expect(r[0].id).toBe('track');
    expect(r[0].answer).toBe(kb[1].answer);
    expect(search(index, '請問什麼時候發貨', 3)[0].id).toBe('ship');
  });

  it('finds English entries with stemming and returns scores in [0, 1]', () => {
    const r = search(index, 'refunds please, I want money back', 3);
    expect(r[0].id).toBe('refund');
    expect(r[0].score).toBeGreaterThan(0);
    expect(r[0].score).toBeLessThanOrEqual(1);
    expect(search(index, 'resetting my password', 3)[0].id).toBe('pwd');
  });

  it('filters by locale and returns nothing for unrelated text', () => {
    expect(search(index, 'refund', 5, { locale: 'zh' }).map((c) => c.id)).not.toContain('refund');
    expect(search(index, 'xyzzy plugh', 5)).toEqual([]);
  });

  it('trains a matcher for small KBs with paraphrases and blends it in', () => {
    const learned = buildIndex(kb);
    expect(learned.matcher).toBeDefined();
    expect(search(learned, 'money back for my order', 2)[0].id).toBe('refund');
  });

  it('blends optional embedding vectors', () => {
    const withVec = { ...index, vectors: index.variantText.map((t) => (t.includes('密码') || t.includes('password') ? [1, 0] : [0, 1])) };
    const r = search(withVec, 'login help', 4, { queryVector: [1, 0], embedWeight: 0.9 });
    expect(r[0].id).toBe('pwd');
  });
});

describe('hybrid hook', () => {
  it('attaches embeddings and searches with them', async () => {
    const { attachEmbeddings, searchHybrid } = await import('./search.ts');
    const embed = async (texts: string[]) => texts.map((t) => (/password|log ?in|login/i.test(t) ? [1, 0] : [0, 1]));
    const index = await attachEmbeddings(buildIndex(kb, { learn: false }), embed);
    const r = await searchHybrid(index, 'login trouble', 3, { embed, embedWeight: 0.8 });
    expect(r[0].id).toBe('pwd');
  });
});
