/**
 * SLA math: which policy applies, when a target is due and when to warn (in business time), and how
 * a timer pauses while the conversation waits on the customer. Pure functions.
 */
import type { Priority } from '../../../core/db/types.ts';
import { addBusinessMs, businessMsBetween, type BusinessHours } from './business-hours.ts';

export type SlaKind = 'first_response' | 'next_response' | 'resolution';
export type TimerState = 'running' | 'paused' | 'met' | 'breached' | 'cancelled';

export interface SlaPolicy {
  id: string;
  inboxId: string | null;
  priority: Priority | null;
  firstResponseMs: number;
  nextResponseMs: number | null;
  resolutionMs: number | null;
  /** Warn when this share of the target has elapsed (0 < warnAt < 1). */
  warnAt: number;
  businessHoursOnly: boolean;
}

/** Most specific match wins: inbox + priority, then inbox, then priority, then the account default. */
export function pickPolicy<P extends SlaPolicy>(
  policies: P[],
  conv: { inboxId: string; priority: Priority },
): P | null {
  let best: P | null = null;
  let bestScore = -1;
  for (const p of policies) {
    if (p.inboxId && p.inboxId !== conv.inboxId) continue;
    if (p.priority && p.priority !== conv.priority) continue;
    const score = (p.inboxId ? 2 : 0) + (p.priority ? 1 : 0);
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  return best;
}

export function targetMs(policy: SlaPolicy, kind: SlaKind): number | null {
  return kind === 'first_response'
    ? policy.firstResponseMs
    : kind === 'next_response'
      ? policy.nextResponseMs
      : policy.resolutionMs;
}

export interface TimerTimes {
  dueAt: number;
  warnAt: number;
}

/** Due and warning instants for a target that starts at `start` with `remainingMs` of business time left. */
export function timerTimes(
  start: number,
  target: number,
  remainingMs: number,
  warnAt: number,
  hours: BusinessHours | null,
): TimerTimes {
  const dueAt = addBusinessMs(start, remainingMs, hours);
  const untilWarn = remainingMs - target * (1 - warnAt);
  return { dueAt, warnAt: untilWarn <= 0 ? start : addBusinessMs(start, untilWarn, hours) };
}

/** Business time left when pausing (waiting on the customer). */
export function remainingOnPause(now: number, dueAt: number, hours: BusinessHours | null): number {
  return Math.max(0, businessMsBetween(now, dueAt, hours));
}

export interface TimerView {
  kind: SlaKind;
  state: TimerState;
  dueAt: number | null;
  warned: boolean;
  remainingMs: number | null;
}

/** What the console shows: remaining business time (negative when breached). */
export function viewTimer(
  t: {
    kind: SlaKind;
    state: TimerState;
    dueAt: number;
    remainingMs: number | null;
    warnedAt: number | null;
  },
  now: number,
  hours: BusinessHours | null,
): TimerView {
  const remaining =
    t.state === 'paused'
      ? t.remainingMs
      : t.state === 'running'
        ? now <= t.dueAt
          ? businessMsBetween(now, t.dueAt, hours)
          : -(now - t.dueAt)
        : null;
  return {
    kind: t.kind,
    state: t.state,
    dueAt: t.state === 'paused' ? null : t.dueAt,
    warned: t.warnedAt != null,
    remainingMs: remaining,
  };
}
