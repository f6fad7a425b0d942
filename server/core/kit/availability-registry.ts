/**
 * Whether a human can answer an inbox now is decided by several features: the routing feature
 * registers its business-hours rule here at load time, channel features ask through
 * `closedBecause`. A rule answers why the inbox is closed now, or null.
 */
import type { Executor } from '../db/client.ts';
import type { InboxAvailability } from './contracts.ts';

export type AvailabilityRule = (
  db: Executor,
  accountId: string,
  inboxId: string,
  now: number,
) => Promise<InboxAvailability | null>;

const rules: AvailabilityRule[] = [];

export function addAvailabilityRule(rule: AvailabilityRule): void {
  if (!rules.includes(rule)) rules.push(rule);
}

/** The first registered rule that closes the inbox now, or null. */
export async function closedBecause(
  db: Executor,
  accountId: string,
  inboxId: string,
  now: number,
): Promise<InboxAvailability | null> {
  for (const rule of rules) {
    const closed = await rule(db, accountId, inboxId, now);
    if (closed) return closed;
  }
  return null;
}
