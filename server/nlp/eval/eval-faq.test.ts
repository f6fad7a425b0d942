import { describe, expect, it } from 'vitest';
import type { KbEntry } from '../retrieval/index.ts';
import { evalFaq } from './eval-faq.ts';

/** A small bilingual FAQ KB (paraphrases as similar questions) and unseen test phrasings. */
const kb: KbEntry[] = [
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
    id: 'invoice',
    question: '怎么开发票？',
    similar_questions: [
      '可以开发票吗',
      '发票在哪里申请',
      '我需要增值税发票',
      '电子发票怎么下载',
      '发票抬头写错了',
    ],
    answer: '在订单详情里点"申请发票"。',
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
  },
  {
    id: 'cancel-en',
    question: 'How do I cancel my order?',
    similar_questions: [
      'cancel order',
      'I want to cancel my purchase',
      'can I still cancel',
      'stop my order',
      'cancel before it ships',
    ],
    answer: 'Open the order and tap "Cancel".',
  },
];

const test = [
  { text: '我的快递到哪了', label: 'track' },
  { text: '物流信息怎么看', label: 'track' },
  { text: '退款什么时候到账', label: 'refund' },
  { text: '我想申请退款', label: 'refund' },
  { text: '什么时候能发货', label: 'ship' },
  { text: '发票怎么申请', label: 'invoice' },
  { text: 'where is my order', label: 'track-en' },
  { text: 'I need a refund for my order', label: 'refund-en' },
  { text: 'how can I reset my password', label: 'pwd' },
  { text: 'please cancel my order', label: 'cancel-en' },
  { text: '今天天气怎么样', label: 'oos' },
  { text: 'what is the capital of France', label: 'oos' },
  { text: '推荐一部好看的电影', label: 'oos' },
  { text: 'tell me a joke', label: 'oos' },
];

const withoutTimes = ({ p50_ms: _a, p99_ms: _b, ...rest }: ReturnType<typeof evalFaq>) => rest;

describe('evalFaq on a bilingual fixture KB', () => {
  const result = evalFaq(kb, test, null, { oosLabel: 'oos' });

  it('is deterministic', () => {
    expect(withoutTimes(evalFaq(kb, test, null, { oosLabel: 'oos' }))).toEqual(
      withoutTimes(result),
    );
  });

  it('finds the right entry in both languages and answers nothing out of scope', () => {
    expect(result.top1).toBe(1);
    expect(result.wrong_answer_rate).toBe(0);
    expect(result.answered_correct_rate).toBeGreaterThanOrEqual(6 / test.length);
    expect(
      result.answered_correct_rate +
        result.wrong_answer_rate +
        result.suggested_rate +
        result.handover_rate,
    ).toBeCloseTo(1, 3);
  });
});
