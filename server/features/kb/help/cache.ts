/**
 * In-memory cache of rendered help-center responses, keyed by account + origin + path + query (the
 * query holds the locale). An account's entries are dropped on every kb event (inline processor) and
 * expire after `ttlMs` so other nodes of a scaled deployment catch up.
 */
export interface CachedResponse {
  status: number;
  type: string;
  body: string;
  etag: string;
  at: number;
}

export class PageCache {
  private entries = new Map<string, CachedResponse>();
  private byAccount = new Map<string, Set<string>>();
  constructor(
    private ttlMs = 30_000,
    private maxEntries = 5_000,
    private now: () => number = Date.now,
  ) {}

  get(key: string): CachedResponse | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.now() - e.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  set(accountId: string, key: string, value: Omit<CachedResponse, 'at' | 'etag'>): CachedResponse {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    const entry: CachedResponse = { ...value, at: this.now(), etag: `"${hash(value.body)}"` };
    this.entries.set(key, entry);
    let keys = this.byAccount.get(accountId);
    if (!keys) this.byAccount.set(accountId, (keys = new Set()));
    keys.add(key);
    return entry;
  }

  invalidate(accountId: string): void {
    for (const k of this.byAccount.get(accountId) ?? []) this.entries.delete(k);
    this.byAccount.delete(accountId);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** FNV-1a, enough for an ETag. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36) + s.length.toString(36);
}
