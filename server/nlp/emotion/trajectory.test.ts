import { describe, expect, it } from 'vitest';
import { emotionTrajectory } from './trajectory.ts';

const pt = (angry: number, score = 0) => ({
  emotion: { label: angry > 0.5 ? 'angry' : 'neutral', scores: { angry, neutral: 1 - angry } },
  sentiment: { score },
});

describe('emotionTrajectory', () => {
  it('detects rising anger', () => {
    const r = emotionTrajectory([pt(0.05), pt(0.1), pt(0.6, -0.7), pt(0.9, -0.95)]);
    expect(r.trend).toBe('rising_anger');
    expect(r.anger).toBeGreaterThan(0.6);
  });
  it('detects calming', () => {
    expect(emotionTrajectory([pt(0.9, -0.9), pt(0.8, -0.8), pt(0.1), pt(0.05)]).trend).toBe(
      'calming',
    );
  });
  it('is stable for flat or short histories', () => {
    expect(emotionTrajectory([pt(0.1), pt(0.12), pt(0.08)]).trend).toBe('stable');
    expect(emotionTrajectory([pt(0.9)]).trend).toBe('stable');
    expect(emotionTrajectory([]).anger).toBe(0);
  });
});
