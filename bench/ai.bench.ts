/**
 * AI benchmarks: raw jieba pass (baseline `tokenize`), full message analysis (`analyze_p99`) and KB
 * retrieval over 10k entries (`retrieve_p99`), p99 in ms on one core.
 */
import { analyzeMessage } from '../server/nlp/analyze.ts';
import { percentile } from '../server/nlp/linear/metrics.ts';
import { loadModelsSync } from '../server/nlp/models.ts';
import { buildIndex, type KbEntry } from '../server/nlp/retrieval/index.ts';
import { search } from '../server/nlp/retrieval/search.ts';
import { getJieba } from '../server/nlp/text/tokenize.ts';

interface Line {
  name: string;
  value: number;
  unit: string;
  [k: string]: unknown;
}

const PARTS = [
  '你好，我上周买的蓝牙耳机到现在还没发货，订单号是202311230001，',
  'where is my order? I paid with my credit card already. ',
  '快递一直显示运输中，你们到底什么时候能送到？',
  '我的手机号13812345678，麻烦尽快联系我。',
  'This is really frustrating, ',
  '如果明天还不到我就要申请退款了，',
  'can I change the delivery address to my office? ',
  '谢谢你们的耐心解答。',
];

function messages(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = '';
    for (let j = i; s.length < 200; j += 3) s += PARTS[j % PARTS.length];
    out.push(s.slice(0, 200));
  }
  return out;
}

function p99Of(fn: (i: number) => void, iterations: number): number {
  for (let i = 0; i < Math.min(200, iterations); i++) fn(i);
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    fn(i);
    times.push(performance.now() - t);
  }
  return Math.round(percentile(times, 99) * 1000) / 1000;
}

const TOPICS_ZH = [
  '退款',
  '发货',
  '快递',
  '发票',
  '优惠券',
  '密码',
  '账号',
  '尺码',
  '保修',
  '支付',
];
const TOPICS_EN = [
  'refund',
  'shipping',
  'parcel',
  'invoice',
  'coupon',
  'password',
  'account',
  'size',
  'warranty',
  'payment',
];
const FORMS_ZH = [
  '怎么申请{t}',
  '{t}多久能好',
  '{t}有问题怎么办',
  '为什么{t}失败',
  '{t}的规则是什么',
];
const FORMS_EN = [
  'how do I get {t} help',
  'what is the {t} policy',
  '{t} not working',
  'why did my {t} fail',
  'change my {t}',
];

function syntheticKb(n: number): KbEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const zh = i % 2 === 0;
    const topics = zh ? TOPICS_ZH : TOPICS_EN;
    const forms = zh ? FORMS_ZH : FORMS_EN;
    const t = `${topics[i % topics.length]}${zh ? '' : ' '}${zh ? `型号${i}` : `model ${i}`}`;
    const qs = forms.map((_f, k) => forms[(k + i) % forms.length].replace('{t}', t));
    return {
      id: `kb-${i}`,
      question: qs[0],
      similar_questions: qs.slice(1, 4),
      answer: `answer ${i}`,
    };
  });
}

export async function run(opts: { quick: boolean }, emit: (line: Line) => void): Promise<void> {
  const iterations = opts.quick ? 2000 : 20000;
  const msgs = messages(50);
  const jieba = getJieba();
  const tokenize = p99Of((i) => jieba.cut(msgs[i % msgs.length], true), iterations);
  emit({ name: 'tokenize', value: tokenize, unit: 'ms' });
  const models = loadModelsSync();
  const analyze = p99Of((i) => analyzeMessage(msgs[i % msgs.length], models), iterations);
  emit({
    name: 'analyze_p99',
    value: analyze,
    unit: 'ms',
    baseline: 'tokenize',
    baseline_value: tokenize,
    ratio: Math.round((analyze / tokenize) * 100) / 100,
  });
  const index = buildIndex(syntheticKb(10_000));
  const queries = [
    '退款多久能到账',
    'why did my payment fail',
    '快递型号42有问题怎么办',
    'change my password please',
    '优惠券怎么用',
    'warranty policy for model 7',
  ];
  const retrieve = p99Of(
    (i) => search(index, queries[i % queries.length], 5),
    opts.quick ? 600 : 5000,
  );
  emit({
    name: 'retrieve_p99',
    value: retrieve,
    unit: 'ms',
    baseline: 'tokenize',
    baseline_value: tokenize,
    ratio: Math.round((retrieve / tokenize) * 100) / 100,
  });
}
