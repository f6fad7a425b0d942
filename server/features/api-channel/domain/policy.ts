/**
 * The delivery policy (pure): how many attempts, how long between them (exponential backoff, capped),
 * how long one attempt may take and how long a claimed delivery belongs to the worker that claimed it.
 */
export interface DeliveryPolicy {
  /** Attempts before a delivery is dead (kept for admins to redeliver). */
  maxAttempts: number;
  /** Wait after the first failure; doubles after each further failure… */
  baseDelayMs: number;
  /** …up to this. */
  maxDelayMs: number;
  /** One HTTP attempt (connect, send, answer headers). */
  timeoutMs: number;
  /** A claimed delivery is due again after this (a worker that died mid-attempt). */
  leaseMs: number;
}

/** 12 attempts over about 3.4 hours: 10 s, 20 s, 40 s … 2560 s, then 1 h, 1 h. */
export const DEFAULT_POLICY: DeliveryPolicy = {
  maxAttempts: 12,
  baseDelayMs: 10_000,
  maxDelayMs: 3_600_000,
  timeoutMs: 10_000,
  leaseMs: 60_000,
};

/** The wait after `failures` failed attempts (1 = after the first). */
export function retryDelayMs(failures: number, policy: DeliveryPolicy = DEFAULT_POLICY): number {
  const exp = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(policy.baseDelayMs * 2 ** exp, policy.maxDelayMs);
}

/** What becomes of a delivery after a failed attempt that made `attempts` in all. */
export function afterFailure(
  attempts: number,
  now: number,
  policy: DeliveryPolicy = DEFAULT_POLICY,
): { status: 'dead'; nextAttemptAt: number } | { status: 'pending'; nextAttemptAt: number } {
  if (attempts >= policy.maxAttempts) return { status: 'dead', nextAttemptAt: now };
  return { status: 'pending', nextAttemptAt: now + retryDelayMs(attempts, policy) };
}

/** Total time from the first attempt to the last (for documentation and tests). */
export function retrySpanMs(policy: DeliveryPolicy = DEFAULT_POLICY): number {
  let total = 0;
  for (let i = 1; i < policy.maxAttempts; i++) total += retryDelayMs(i, policy);
  return total;
}
