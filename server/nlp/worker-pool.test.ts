import { afterAll, describe, expect, it } from 'vitest';
import { createAnalyzerPool } from './worker-pool.ts';

describe('createAnalyzerPool', () => {
  const pool = createAnalyzerPool({ size: 1, timeoutMs: 20_000 });
  afterAll(() => pool.close());

  it('analyzes off the main thread with the shipped models', async () => {
    const r = await pool.analyze('你们这是什么垃圾服务，我要投诉！电话13812345678');
    expect(r.language).toBe('zh');
    expect(r.emotion.label).toBe('angry');
    expect(r.sentiment.label).toBe('negative');
    expect(r.pii).toEqual([{ type: 'phone', start: 18, end: 29 }]);
  });

  it('times out and replaces a worker', async () => {
    const fast = createAnalyzerPool({ size: 1, timeoutMs: 1 });
    await expect(fast.analyze('hello')).rejects.toThrow(/timed out/);
    await fast.close();
  });

  it('rejects after close', async () => {
    const p = createAnalyzerPool({ size: 1 });
    await p.close();
    await expect(p.analyze('hi')).rejects.toThrow(/closed/);
  });
});
