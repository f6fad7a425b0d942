/** The reply window as the console and the API show it: counts, deadline and the words for it. */
import { bothLanguages } from '../strings.ts';
import { remaining, type ReplyWindow } from './window.ts';

export function windowView(w: ReplyWindow | null, now: number) {
  const left = remaining(w, now);
  const open = left > 0;
  const ms = w && open ? w.closesAt - now : 0;
  const hours = Math.max(1, Math.ceil(ms / 3_600_000));
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return {
    open,
    remaining: left,
    quota: w?.quota ?? 0,
    used: w?.used ?? 0,
    kind: w?.kind ?? null,
    closesAt: w && open ? new Date(w.closesAt).toISOString() : null,
    text: !open
      ? bothLanguages('wechat.window.closed')
      : ms < 3_600_000
        ? bothLanguages('wechat.window.openMinutes', { count: left, minutes })
        : bothLanguages('wechat.window.open', { count: left, hours }),
  };
}
export type WindowView = ReturnType<typeof windowView>;
