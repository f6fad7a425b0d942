import { afterAll, describe, expect, it } from 'vitest';
import {
  AnalysisOverload,
  AnalysisTimeout,
  analyzeText,
  closeAnalyzer,
  MAX_IN_FLIGHT,
  setAnalyzerForTests,
} from './analyzer.ts';

afterAll(async () => {
  setAnalyzerForTests(null);
  await closeAnalyzer();
});

describe('shared analyzer (worker pool)', () => {
  // How free the event loop stays while the models load, and the round-trip time, are measured in
  // bench/units.bench.ts (`analyzer_startup_loop_lag`, `analyze_roundtrip_p50`), not asserted here.
  it('analyses in the worker pool: the first call starts it and loads the models, later calls reuse it', async () => {
    const first = await analyzeText('你们这是什么垃圾服务，我要投诉！');
    expect(first).toMatchObject({
      language: 'zh',
      emotion: { label: 'angry' },
      sentiment: { label: 'negative' },
    });
    const many = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        analyzeText(`where is my order number ${i}? It has been 10 days, call me at 13812345678`),
      ),
    );
    for (const a of many) expect(a.language).toBe('en');
  }, 60_000);

  it('a slow analyzer hits the per-call deadline with AnalysisTimeout', async () => {
    setAnalyzerForTests(() => new Promise(() => {}));
    await expect(analyzeText('hi', { timeoutMs: 50 })).rejects.toBeInstanceOf(AnalysisTimeout);
    setAnalyzerForTests(async () => {
      throw new Error('worker crashed');
    });
    await expect(analyzeText('hi')).rejects.toThrow('worker crashed');
    setAnalyzerForTests(null);
  });

  it('sheds load beyond the in-flight limit instead of queueing without bound', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    setAnalyzerForTests(async () => {
      await gate;
      throw new Error('released');
    });
    const held = Array.from({ length: MAX_IN_FLIGHT }, () =>
      analyzeText('x', { timeoutMs: 10_000 }).catch((e) => e),
    );
    await expect(analyzeText('one too many')).rejects.toBeInstanceOf(AnalysisOverload);
    release();
    await Promise.all(held);
    setAnalyzerForTests(async () => {
      throw new Error('ok again');
    });
    await expect(analyzeText('x')).rejects.toThrow('ok again');
    setAnalyzerForTests(null);
  });
});
