import { afterAll, describe, expect, it } from 'vitest';
import { AnalysisOverload, AnalysisTimeout, analyzeText, closeAnalyzer, MAX_IN_FLIGHT, setAnalyzerForTests } from './analyzer.ts';

afterAll(async () => { setAnalyzerForTests(null); await closeAnalyzer(); });

describe('shared analyzer (worker pool)', () => {
  it('analyses in a worker thread; the event loop stays free while models load', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const started = performance.now();
    const first = await analyzeText('你们这是什么垃圾服务，我要投诉！');
    const startupMs = performance.now() - started;
    clearInterval(timer);
    expect(first).toMatchObject({ language: 'zh', emotion: { label: 'angry' }, sentiment: { label: 'negative' } });
    // The main thread kept ticking during worker start + model load.
    expect(ticks).toBeGreaterThan(startupMs / 10 / 4);
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await analyzeText(`where is my order number ${i}? It has been 10 days, call me at 13812345678`);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const p50 = times[25], p99 = times[49];
    console.log(JSON.stringify({ analyzer_startup_ms: Math.round(startupMs), analyze_roundtrip_p50_ms: +p50.toFixed(2), analyze_roundtrip_p99_ms: +p99.toFixed(2) }));
    expect(p50).toBeLessThan(50);
  }, 30_000);

  it('a slow analyzer hits the per-call deadline with AnalysisTimeout', async () => {
    setAnalyzerForTests(() => new Promise(() => {}));
    await expect(analyzeText('hi', { timeoutMs: 50 })).rejects.toBeInstanceOf(AnalysisTimeout);
    setAnalyzerForTests(async () => { throw new Error('worker crashed'); });
    await expect(analyzeText('hi')).rejects.toThrow('worker crashed');
    setAnalyzerForTests(null);
  });

  it('sheds load beyond the in-flight limit instead of queueing without bound', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    setAnalyzerForTests(async () => { await gate; throw new Error('released'); });
    const held = Array.from({ length: MAX_IN_FLIGHT }, () => analyzeText('x', { timeoutMs: 10_000 }).catch((e) => e));
    await expect(analyzeText('one too many')).rejects.toBeInstanceOf(AnalysisOverload);
    release();
    await Promise.all(held);
    setAnalyzerForTests(async () => { throw new Error('ok again'); });
    await expect(analyzeText('x')).rejects.toThrow('ok again');
    setAnalyzerForTests(null);
  });
});
