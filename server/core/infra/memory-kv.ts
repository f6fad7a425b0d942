/** In-memory rate limits and presence (single-process mode). */
import type { KeyValue, RateLimitResult } from './ports.ts';

export class MemoryKeyValue implements KeyValue {
  private windows = new Map<string, { count: number; resetAt: number }>();
  private presence = new Map<string, Map<string, { value: string; expiresAt: number }>>();

  constructor(private now: () => number = Date.now) {}

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= t) {
      w = { count: 0, resetAt: t + windowMs };
      this.windows.set(key, w);
      if (this.windows.size > 50_000) this.gc(t);
    }
    w.count++;
    const allowed = w.count <= limit;
    return {
      allowed,
      remaining: Math.max(0, limit - w.count),
      retryAfterSeconds: allowed ? 0 : (w.resetAt - t) / 1000,
    };
  }

  async peek(key: string): Promise<{ count: number; retryAfterSeconds: number }> {
    const t = this.now();
    const w = this.windows.get(key);
    return !w || w.resetAt <= t
      ? { count: 0, retryAfterSeconds: 0 }
      : { count: w.count, retryAfterSeconds: (w.resetAt - t) / 1000 };
  }

  private gc(t: number): void {
    for (const [k, w] of this.windows) if (w.resetAt <= t) this.windows.delete(k);
  }

  async presenceSet(set: string, member: string, value: string, ttlMs: number): Promise<void> {
    let m = this.presence.get(set);
    if (!m) this.presence.set(set, (m = new Map()));
    m.set(member, { value, expiresAt: this.now() + ttlMs });
  }

  async presenceRemove(set: string, member: string): Promise<void> {
    this.presence.get(set)?.delete(member);
  }

  async presenceList(set: string): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    const t = this.now();
    for (const [member, e] of this.presence.get(set) ?? []) {
      if (e.expiresAt > t) out[member] = e.value;
      else this.presence.get(set)?.delete(member);
    }
    return out;
  }

  async ping(): Promise<void> {}
  async close(): Promise<void> {}
}
