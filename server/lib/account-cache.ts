/**
 * A per-account read cache for small configuration that every event reads and admins rarely write
 * (routing settings, SLA policies, automation rules). An entry lives `ttlMs` of real time, so a
 * change made on another node shows within that; a change made on this node invalidates at once.
 * Concurrent misses share one load; a failed load is not remembered.
 */
export class AccountCache<T> {
  private entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(private readonly ttlMs = 2_000, private readonly max = 5_000) {}

  get(accountId: string, load: () => Promise<T>): Promise<T> {
    const now = performance.now();
    const hit = this.entries.get(accountId);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    if (this.entries.size >= this.max) this.entries.clear();
    const value = load();
    const entry = { at: now, value };
    this.entries.set(accountId, entry);
    value.catch(() => { if (this.entries.get(accountId) === entry) this.entries.delete(accountId); });
    return value;
  }

  invalidate(accountId: string): void {
    this.entries.delete(accountId);
  }
}
