/** The reply window's rules, table-driven with explicit times. */
import { describe, expect, it } from 'vitest';
import { afterInteraction, consumed, refusal, remaining, type ReplyWindow } from './window.ts';

const H = 3_600_000;
const T = 1_700_000_000_000;

describe('reply window', () => {
  it('a user message opens 5 messages for 48 h', () => {
    const w = afterInteraction(null, 'message', T);
    expect(w).toEqual({ kind: 'message', quota: 5, used: 0, openedAt: T, closesAt: T + 48 * H });
    expect(remaining(w, T + 47 * H)).toBe(5);
    expect(remaining(w, T + 48 * H)).toBe(0);
  });

  it('counts parts and refuses past the count or the deadline', () => {
    let w: ReplyWindow = afterInteraction(null, 'message', T);
    expect(refusal(w, T, 5)).toBeNull();
    expect(refusal(w, T, 6)).toBe('window_used_up');
    w = consumed(w, 4);
    expect(remaining(w, T + H)).toBe(1);
    expect(refusal(w, T + H, 2)).toBe('window_used_up');
    w = consumed(w, 1);
    expect(refusal(w, T + H, 1)).toBe('window_used_up');
    expect(refusal(afterInteraction(null, 'message', T), T + 48 * H, 1)).toBe('window_closed');
    expect(refusal(null, T, 1)).toBe('no_window');
  });

  it('a new user message starts the count and the deadline over', () => {
    const used = consumed(afterInteraction(null, 'message', T), 5);
    const again = afterInteraction(used, 'message', T + 10 * H);
    expect(again).toMatchObject({ used: 0, closesAt: T + 58 * H });
  });

  it('an event opens 3 messages for a minute', () => {
    const w = afterInteraction(null, 'event', T);
    expect(w).toMatchObject({ kind: 'event', quota: 3, closesAt: T + 60_000 });
    expect(remaining(w, T + 59_999)).toBe(3);
    expect(remaining(w, T + 60_000)).toBe(0);
  });

  it("an event keeps a message window that leaves as many; it replaces one that doesn't", () => {
    const open = afterInteraction(null, 'message', T);
    expect(afterInteraction(open, 'event', T + H)).toBe(open);
    const nearlyUsed = consumed(open, 3);
    expect(afterInteraction(nearlyUsed, 'event', T + H)).toMatchObject({ kind: 'event', used: 0 });
    const closed = afterInteraction(open, 'event', T + 49 * H);
    expect(closed).toMatchObject({ kind: 'event', closesAt: T + 49 * H + 60_000 });
  });
});
