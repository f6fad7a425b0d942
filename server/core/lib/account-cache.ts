/**
 * A per-account read cache for small configuration that every event reads and admins rarely write
 * (routing settings, SLA policies, automation rules). An entry lives `ttlMs` of real time, so a
 * change made on another node shows within that; a change made on this node invalidates at once.
 *
 * Concurrent misses share one load, but only between callers outside a transaction. A caller inside
 * a transaction never waits on a load started elsewhere: that load needs a pool connection, and on
 * PostgreSQL the connections may all be held by transactions waiting for a lock this caller holds
 * (a permanent deadlock, issue 11). It reads with its own transaction instead (and that load is
 * cached like any other when no load is in flight: configuration writes invalidate inside their
 * transaction and again after it settled, see routing/store/config-cache.ts). A failed load is not
 * remembered.
 */
export class AccountCache<T> {
  private entries = new Map<string, { at: number; value: Promise<T>; settled: boolean }>();

  constructor(
    private readonly ttlMs = 2_000,
    private readonly max = 5_000,
  ) {}

  get(
    accountId: string,
    load: () => Promise<T>,
    opts: { inTransaction?: boolean } = {},
  ): Promise<T> {
    const now = performance.now();
    const hit = this.entries.get(accountId);
    if (hit && now - hit.at < this.ttlMs && (hit.settled || !opts.inTransaction)) return hit.value;
    if (hit && now - hit.at < this.ttlMs && opts.inTransaction) return load(); // in flight elsewhere: don't wait on it
    if (this.entries.size >= this.max) this.entries.clear();
    const value = load();
    const entry = { at: now, value, settled: false };
    this.entries.set(accountId, entry);
    value.then(
      () => {
        entry.settled = true;
      },
      () => {
        if (this.entries.get(accountId) === entry) this.entries.delete(accountId);
      },
    );
    return value;
  }

  invalidate(accountId: string): void {
    this.entries.delete(accountId);
  }
}
