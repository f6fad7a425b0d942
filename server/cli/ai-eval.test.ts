import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAiCommand } from './ai.ts';

const dir = mkdtempSync(join(tmpdir(), 'kefu-ai-eval-'));
const file = (name: string, body: string) => {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
};

const intents: Record<string, string[]> = {
  refund: [
    'I want a refund',
    'give me my money back',
    'refund my order',
    'how do I get a refund',
    'refund please',
    '我要退款',
    '申请退款',
    '退款多久到账',
    'return for a refund',
    'money back now',
  ],
  track: [
    'where is my package',
    'track my parcel',
    'when will it arrive',
    'delivery is late',
    'shipping status',
    '快递到哪了',
    '物流信息',
    '包裹什么时候到',
    'parcel tracking',
    'has it shipped',
  ],
  login: [
    'I forgot my password',
    'reset my password',
    'cannot log in',
    'password not working',
    'change my password',
    '忘记密码',
    '重置密码',
    '登录不了',
    'login failed',
    'locked out of account',
  ],
};
const trainCsv =
  'text,label\n' +
  Object.entries(intents)
    .flatMap(([l, ts]) => ts.map((t) => `"${t}",${l}`))
    .join('\n') +
  '\n';

async function run(args: string[]): Promise<{ code: number; out: Record<string, number> }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const code = await runAiCommand(args);
  spy.mockRestore();
  return { code, out: out ? JSON.parse(out) : {} };
}

describe('kefu ai eval / train', () => {
  afterEach(() => vi.restoreAllMocks());

  it('eval intent prints one JSON object with the stable keys', async () => {
    const train = file('train.csv', trainCsv);
    const test = file(
      'test.csv',
      'text,label\n"I need my money back, please",refund\n我的快递在哪,track\nweather today?,oos\n',
    );
    const { code, out } = await run([
      'eval',
      'intent',
      '--train',
      train,
      '--test',
      test,
      '--oos-label',
      'oos',
    ]);
    expect(code).toBe(0);
    expect(Object.keys(out).sort()).toEqual(
      [
        'accuracy',
        'in_scope_accuracy',
        'macro_f1',
        'oos_precision',
        'oos_recall',
        'predict_p50_ms',
        'predict_p99_ms',
        'train_seconds',
      ].sort(),
    );
    expect(out.in_scope_accuracy).toBe(1);
  });

  it('eval sentiment scores a binary file on the binary decision', async () => {
    const test = file(
      'sent.csv',
      'text,label\n太好了，非常满意,positive\n垃圾，太差了,negative\nI love it,positive\nterrible service,negative\n',
    );
    const { code, out } = await run(['eval', 'sentiment', '--test', test]);
    expect(code).toBe(0);
    expect(out).toEqual({ accuracy: 1, macro_f1: 1, negative_f1: 1 });
  });

  it('eval emotion and faq', async () => {
    const emo = file(
      'emo.csv',
      'text,label\n你们这是什么垃圾服务，我要投诉！,angry\nwhere is my order,neutral\n',
    );
    expect((await run(['eval', 'emotion', '--test', emo])).out).toEqual({
      accuracy: 1,
      macro_f1: 1,
    });
    const kb = file(
      'kb.jsonl',
      Object.entries(intents)
        .map(([id, qs]) =>
          JSON.stringify({
            id,
            question: qs[0],
            similar_questions: qs.slice(1),
            answer: `A ${id}`,
          }),
        )
        .join('\n'),
    );
    const test = file(
      'faq.csv',
      'text,label\nhow can I reset my password,login\n包裹什么时候能到,track\n',
    );
    const { code, out } = await run(['eval', 'faq', '--kb', kb, '--test', test]);
    expect(code).toBe(0);
    expect(out.top1).toBe(1);
    expect(out.wrong_answer_rate).toBe(0);
  });

  it('train writes an artifact; bad usage returns non-zero', async () => {
    const { code, out } = await run([
      'train',
      'intent',
      '--data',
      file('t.csv', trainCsv),
      '--out',
      join(dir, 'intent-x'),
    ]);
    expect(code).toBe(0);
    expect(out.rows).toBe(30);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await runAiCommand(['eval'])).toBe(2);
    expect(await runAiCommand(['eval', 'intent'])).toBe(1);
  });
});
