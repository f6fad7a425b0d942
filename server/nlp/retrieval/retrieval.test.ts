import { describe, expect, it } from 'vitest';
import { buildIndex, type KbEntry } from './index.ts';
import { search } from './search.ts';
import { termsOf } from './terms.ts';
import { buildSynonymMap } from './synonyms.ts';

const kb: KbEntry[] = [
  {
    id: 'ship',
    question: '多久发货？',
    similar_questions: ['什么时候发货', '下单后几天发出'],
    answer: '付款后48小时内发货。',
  },
  {
    id: 'track',
    question: '怎么查询物流？',
    similar_questions: ['快递到哪了', '包裹在哪里'],
    answer: '在"我的订单"里点"查看物流"。',
  },
  {
    id: 'refund',
    question: 'How do I get a refund?',
    similar_questions: ['I want my money back', 'refund request'],
    answer: 'Open the order and tap "Request refund".',
    locale: 'en',
  },
  {
    id: 'pwd',
    question: 'I forgot my password',
    similar_questions: ['reset password', 'cannot log in'],
    answer: 'Use "Forgot password" on the login page.',
    locale: 'en',
  },
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
    const withVec = {
      ...index,
      vectors: index.variantText.map((t) =>
        t.includes('密码') || t.includes('password') ? [1, 0] : [0, 1],
      ),
    };
    const r = search(withVec, 'login help', 4, { queryVector: [1, 0], embedWeight: 0.9 });
    expect(r[0].id).toBe('pwd');
  });
});

/** Bilingual fixture KB with paraphrases, so the ranker is fitted by cross-validation. */
const paraKb: KbEntry[] = [
  {
    id: 'ship',
    question: '多久发货？',
    similar_questions: [
      '什么时候发货',
      '下单后几天发出',
      '今天下单什么时候能发',
      '发货要等多久',
      '还没发货怎么回事',
    ],
    answer: '付款后48小时内发货。',
  },
  {
    id: 'track',
    question: '怎么查询物流？',
    similar_questions: [
      '快递到哪了',
      '包裹在哪里',
      '查一下我的物流信息',
      '快递单号在哪看',
      '物流一直不更新',
    ],
    answer: '在"我的订单"里点"查看物流"。',
  },
  {
    id: 'refund',
    question: '怎么申请退款？',
    similar_questions: [
      '我要退款',
      '退款多久到账',
      '钱什么时候退回来',
      '申请退款的流程',
      '退款被拒绝了怎么办',
    ],
    answer: '在订单详情里点"申请退款"。',
  },
  {
    id: 'refund-en',
    question: 'How do I get a refund?',
    similar_questions: [
      'I want my money back',
      'refund request',
      'when will my refund arrive',
      'how long does a refund take',
      'refund was declined',
    ],
    answer: 'Open the order and tap "Request refund".',
    locale: 'en',
  },
  {
    id: 'pwd',
    question: 'I forgot my password',
    similar_questions: [
      'reset password',
      'cannot log in',
      'password reset link not working',
      'change my password',
      'locked out of my account',
    ],
    answer: 'Use "Forgot password" on the login page.',
    locale: 'en',
  },
  {
    id: 'track-en',
    question: 'Where is my order?',
    similar_questions: [
      'track my parcel',
      'my package has not arrived',
      'delivery status',
      'where is my package',
      'tracking number',
    ],
    answer: 'See "My orders" → "Track".',
    locale: 'en',
  },
];

describe('calibrated ranking', () => {
  const index = buildIndex(paraKb);

  it('fits the ranker on the KB by cross-validation, deterministically', () => {
    expect(index.ranker.source).toBe('cross-validated');
    expect(buildIndex(paraKb).ranker).toEqual(index.ranker);
    expect(buildIndex(kb, { learn: false }).ranker.source).toBe('default');
    expect(buildIndex(paraKb, { calibrate: false }).ranker.source).toBe('default');
  });

  it('scores are probabilities over the candidates', () => {
    const r = search(index, '我的快递到哪了', 5);
    expect(r[0].id).toBe('track');
    expect(r.reduce((a, c) => a + c.score, 0)).toBeLessThanOrEqual(1 + 1e-9);
    for (let i = 1; i < r.length; i++) expect(r[i].score).toBeLessThanOrEqual(r[i - 1].score);
    expect(search(index, 'where is my order', 3)[0].id).toBe('track-en');
  });

  it('unrelated questions get a low top probability', () => {
    const onTopic = search(index, '退款什么时候到账', 1)[0];
    expect(onTopic.id).toBe('refund');
    for (const q of ['今天天气怎么样', 'what is the capital of France']) {
      expect(search(index, q, 1)[0]?.score ?? 0).toBeLessThan(onTopic.score);
      expect(search(index, q, 1)[0]?.score ?? 0).toBeLessThan(0.5);
    }
  });
});

describe('hybrid hook', () => {
  it('attaches embeddings and searches with them', async () => {
    const { attachEmbeddings, searchHybrid } = await import('./search.ts');
    const embed = async (texts: string[]) =>
      texts.map((t) => (/password|log ?in|login/i.test(t) ? [1, 0] : [0, 1]));
    const index = await attachEmbeddings(buildIndex(kb, { learn: false }), embed);
    const r = await searchHybrid(index, 'login trouble', 3, { embed, embedWeight: 0.8 });
    expect(r[0].id).toBe('pwd');
  });
});
