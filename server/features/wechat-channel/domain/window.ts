/**
 * The reply window of customer-service messages (pure). After a user's message the account may send
 * 5 messages within 48 h; after a menu click, a follow, a QR scan (or a Mini Program session) 3
 * within a minute; outside it the platform answers 45015 (45047 when the count is used up). Each
 * user message opens a fresh window; an event opens its short one unless the window already open
 * leaves at least as many messages. Each part of a reply (text, each picture) is one message.
 */
export type WindowKind = 'message' | 'event';

export const WINDOW_RULES: Readonly<Record<WindowKind, { quota: number; ms: number }>> = {
  message: { quota: 5, ms: 48 * 3_600_000 },
  event: { quota: 3, ms: 60_000 },
};

export interface ReplyWindow {
  kind: WindowKind;
  quota: number;
  used: number;
  openedAt: number;
  closesAt: number;
}

/** Messages still allowed at `now` (0 when closed or used up). */
export function remaining(w: ReplyWindow | null | undefined, now: number): number {
  if (!w || now >= w.closesAt) return 0;
  return Math.max(0, w.quota - w.used);
}

/** The window after the user interacted (`kind`) at `now`. */
export function afterInteraction(
  current: ReplyWindow | null | undefined,
  kind: WindowKind,
  now: number,
): ReplyWindow {
  const rule = WINDOW_RULES[kind];
  const fresh: ReplyWindow = {
    kind,
    quota: rule.quota,
    used: 0,
    openedAt: now,
    closesAt: now + rule.ms,
  };
  if (
    kind === 'event' &&
    current &&
    remaining(current, now) >= rule.quota &&
    current.closesAt >= fresh.closesAt
  )
    return current;
  return fresh;
}

export type Refusal = 'no_window' | 'window_closed' | 'window_used_up';

/** Why `parts` more messages may not be sent at `now`, or null when they may. */
export function refusal(
  w: ReplyWindow | null | undefined,
  now: number,
  parts: number,
): Refusal | null {
  if (!w) return 'no_window';
  if (now >= w.closesAt) return 'window_closed';
  if (w.quota - w.used < parts) return 'window_used_up';
  return null;
}

/** The window after `parts` messages were sent. */
export const consumed = (w: ReplyWindow, parts: number): ReplyWindow => ({
  ...w,
  used: w.used + parts,
});
