/**
 * Rate limits and presence must not take the message path down with them. When the shared store
 * (Redis) is down or stops answering, every operation ends within `timeoutMs`: rate limits let the
 * request through (the database, not Redis, is what must hold the message), presence reads as empty
 * and presence writes are skipped. The failure is logged once per interval, and `/readyz` (which
 * pings Redis itself) reports the outage.
 */
import type { Logger } from 'pino';
import type { KeyValue, RateLimitResult } from './ports.ts';

export class DependencyTimeout extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = 'DependencyTimeout';
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DependencyTimeout(what, ms)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export class ResilientKeyValue implements KeyValue {
  private lastLogAt = -Infinity;
  private failures = 0;

  constructor(
    private readonly inner: KeyValue,
    private readonly log?: Logger,
    private readonly timeoutMs = 500,
    private readonly logEveryMs = 60_000,
  ) {}

  private async guard<T>(op: string, run: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await withTimeout(run(), this.timeoutMs, `shared store (${op})`);
    } catch (err) {
      this.failures++;
      const now = performance.now();
      if (now - this.lastLogAt >= this.logEveryMs) {
        this.log?.warn(
          { err, op, failuresSinceLastLog: this.failures },
          'shared store unavailable: rate limits let requests through, presence is skipped',
        );
        this.lastLogAt = now;
        this.failures = 0;
      }
      return fallback;
    }
  }

  hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    return this.guard('hit', () => this.inner.hit(key, limit, windowMs), {
      allowed: true,
      remaining: limit,
      retryAfterSeconds: 0,
    });
  }

  peek(key: string): Promise<{ count: number; retryAfterSeconds: number }> {
    return this.guard('peek', () => this.inner.peek(key), { count: 0, retryAfterSeconds: 0 });
  }

  presenceSet(set: string, member: string, value: string, ttlMs: number): Promise<void> {
    return this.guard(
      'presenceSet',
      () => this.inner.presenceSet(set, member, value, ttlMs),
      undefined,
    );
  }

  presenceRemove(set: string, member: string): Promise<void> {
    return this.guard('presenceRemove', () => this.inner.presenceRemove(set, member), undefined);
  }

  presenceList(set: string): Promise<Record<string, string>> {
    return this.guard('presenceList', () => this.inner.presenceList(set), {});
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
