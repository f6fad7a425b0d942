/** The supervisor overview's order (pure). */
import type { Priority } from '../../../core/db/types.ts';

export const OVERVIEW_LIMIT = 2000;
const PRIORITY_RANK: Record<Priority, number> = { urgent: 4, high: 3, medium: 2, low: 1, none: 0 };

export interface LiveRow {
  priority: Priority;
  waiting_since: number | null;
  created_at: number;
}

/** Most urgent first, then who has waited longest; conversations nobody waits on last. Pure. */
export function compareLive(a: LiveRow, b: LiveRow): number {
  const p = PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority];
  if (p) return p;
  const wa = a.waiting_since == null ? Infinity : Number(a.waiting_since);
  const wb = b.waiting_since == null ? Infinity : Number(b.waiting_since);
  if (wa !== wb) return wa < wb ? -1 : 1;
  return Number(a.created_at) - Number(b.created_at);
}
