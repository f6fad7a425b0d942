/** The retry policy: exponential backoff from 10 s, capped at an hour, dead after the 12th attempt. */
import { describe, expect, it } from 'vitest';
import { afterFailure, DEFAULT_POLICY, retryDelayMs, retrySpanMs } from './policy.ts';

describe('delivery policy', () => {
  it('doubles the wait after each failure up to the cap', () => {
    const waits = Array.from({ length: 11 }, (_, i) => retryDelayMs(i + 1) / 1000);
    expect(waits).toEqual([10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600]);
  });

  it('is pending with the next due time until the last attempt, then dead', () => {
    expect(afterFailure(1, 1_000)).toEqual({ status: 'pending', nextAttemptAt: 11_000 });
    expect(afterFailure(11, 0).status).toBe('pending');
    expect(afterFailure(DEFAULT_POLICY.maxAttempts, 5)).toEqual({
      status: 'dead',
      nextAttemptAt: 5,
    });
    const short = { ...DEFAULT_POLICY, maxAttempts: 3, baseDelayMs: 1_000 };
    expect(afterFailure(2, 0, short)).toEqual({ status: 'pending', nextAttemptAt: 2_000 });
    expect(afterFailure(3, 0, short).status).toBe('dead');
  });

  it('spans about 3.4 hours from the first attempt to the last', () => {
    expect(retrySpanMs() / 3_600_000).toBeCloseTo(3.42, 1);
  });
});
