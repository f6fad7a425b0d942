/** Redis-backed rate limits and presence, shared by every node (scaled mode). */
import type { Redis } from 'ioredis';
import type { KeyValue, RateLimitResult } from './ports.ts';

export class RedisKeyValue implements KeyValue {
  constructor(
    private redis: Redis,
    private prefix = 'kefu:',
    private now: () => number = Date.now,
  ) {}

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const k = `${this.prefix}rl:${key}`;
    const res = await this.redis.multi().incr(k).pexpire(k, windowMs, 'NX').pttl(k).exec();
    const count = Number(res?.[0]?.[1] ?? 0);
    const ttl = Math.max(0, Number(res?.[2]?.[1] ?? windowMs));
    const allowed = count <= limit;
    return {
      allowed,
      remaining: Math.max(0, limit - count),
      retryAfterSeconds: allowed ? 0 : ttl / 1000,
    };
  }

  async peek(key: string): Promise<{ count: number; retryAfterSeconds: number }> {
    const k = `${this.prefix}rl:${key}`;
    const res = await this.redis.multi().get(k).pttl(k).exec();
    const count = Number(res?.[0]?.[1] ?? 0) || 0;
    const ttl = Math.max(0, Number(res?.[1]?.[1] ?? 0));
    return { count, retryAfterSeconds: count ? ttl / 1000 : 0 };
  }

  async presenceSet(set: string, member: string, value: string, ttlMs: number): Promise<void> {
    const k = `${this.prefix}presence:${set}`;
    await this.redis
      .multi()
      .hset(k, member, JSON.stringify({ value, expiresAt: this.now() + ttlMs }))
      .pexpire(k, Math.max(ttlMs, 60_000))
      .exec();
  }

  async presenceRemove(set: string, member: string): Promise<void> {
    await this.redis.hdel(`${this.prefix}presence:${set}`, member);
  }

  async presenceList(set: string): Promise<Record<string, string>> {
    const k = `${this.prefix}presence:${set}`;
    const all = await this.redis.hgetall(k);
    const out: Record<string, string> = {};
    const t = this.now();
    const stale: string[] = [];
    for (const [member, raw] of Object.entries(all)) {
      const e = JSON.parse(raw) as { value: string; expiresAt: number };
      if (e.expiresAt > t) out[member] = e.value;
      else stale.push(member);
    }
    if (stale.length) await this.redis.hdel(k, ...stale);
    return out;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }
  async close(): Promise<void> {}
}
