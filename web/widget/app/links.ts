/**
 * Download links of attachments. The server signs them for a few minutes (POST
 * /widget/v1/attachments/links, the visitor token in the header, never in a URL); this store asks
 * for the ids on screen in batches, renews the links shown before they expire (so an `<a href>`
 * still works when clicked), and asks again for a link that failed to load (an image re-rendered
 * after its link expired answers 403 `link_expired`). While the network is down a failed request is
 * retried every RETRY_MS (not in a loop); when it is back (`online()`), every file on screen without
 * a working link, a picture that failed to load included, gets a fresh one at once.
 */

export type FetchLinks = (
  ids: string[],
) => Promise<{ links: Array<{ id: string; url: string }>; expiresIn: number }>;

interface Link {
  url: string;
  /** Local time after which the link is renewed (before it really expires). */
  renewAt: number;
  /** Local time it stops working: never rendered after. */
  expiresAt: number;
}

const BATCH = 100;
const RETRY_MS = 10_000;
/** New links asked for one file after load failures, at most (a server that refuses them all). */
const MAX_FAILURES = 3;

export class AttachmentLinks {
  private links = new Map<string, Link>();
  /** Ids on screen → how many views show them. */
  private shown = new Map<string, number>();
  private queued = new Set<string>();
  private inFlight = new Set<string>();
  /** Urls that failed to load, and how many failed per file. */
  private failedUrls = new Set<string>();
  private failures = new Map<string, number>();
  /** Ids the server gave no link for (not this visitor's file): not asked again. */
  private denied = new Set<string>();
  /** Ids whose request failed (network): not asked again before this local time. */
  private retryAt = new Map<string, number>();
  /** Ids whose current link failed to load: renewed at once when the network is back. */
  private broken = new Set<string>();
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor(
    private readonly fetchLinks: FetchLinks,
    private readonly now: () => number = () => Date.now(),
  ) {}

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }

  /** The current link of a file, or null until one arrived. */
  url(id: string): string | null {
    const l = this.links.get(id);
    return l && l.expiresAt > this.now() ? l.url : null;
  }

  /** A view shows this file: it gets a link, renewed while shown. Returns the release. */
  show(id: string): () => void {
    this.shown.set(id, (this.shown.get(id) ?? 0) + 1);
    const link = this.links.get(id);
    if (!this.denied.has(id) && (!link || link.renewAt <= this.now())) this.want(id);
    else this.planRenewal();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.shown.get(id) ?? 1) - 1;
      if (n > 0) this.shown.set(id, n);
      else this.shown.delete(id);
    };
  }

  /** The link did not load (expired while cached, or refused): one new link per failed url. */
  failed(id: string, url: string): void {
    if (this.failedUrls.has(url) || this.links.get(id)?.url !== url) return;
    this.failedUrls.add(url);
    this.broken.add(id);
    const n = (this.failures.get(id) ?? 0) + 1;
    this.failures.set(id, n);
    if (n > MAX_FAILURES) return;
    this.links.delete(id);
    this.want(id);
  }

  /**
   * The network is back: what failed while it was down is asked for now, with fresh links (a
   * picture that failed to load counts as a new start, not towards MAX_FAILURES).
   */
  online(): void {
    this.retryAt.clear();
    const now = this.now();
    for (const id of this.shown.keys()) {
      if (this.denied.has(id)) continue;
      const l = this.links.get(id);
      if (l && l.renewAt > now && !this.broken.has(id)) continue;
      this.failures.delete(id);
      this.want(id);
    }
  }

  /** Another visitor (the contact changed): every link is forgotten. */
  clear(): void {
    this.generation++;
    this.links.clear();
    this.denied.clear();
    this.retryAt.clear();
    this.broken.clear();
    this.failures.clear();
    this.failedUrls.clear();
    this.queued.clear();
    this.inFlight.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.emit();
  }

  private want(id: string): void {
    if (this.inFlight.has(id) || this.queued.has(id)) return;
    this.queued.add(id);
    if (this.queued.size === 1) queueMicrotask(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const ids = [...this.queued].slice(0, BATCH);
    for (const id of ids) {
      this.queued.delete(id);
      this.inFlight.add(id);
    }
    if (this.queued.size) queueMicrotask(() => void this.flush());
    if (!ids.length) return;
    const generation = this.generation;
    try {
      const r = await this.fetchLinks(ids);
      if (generation !== this.generation) return;
      // renewed at 80% of their life, at least 5 s before they end
      const life = Math.max(0, r.expiresIn * 1000);
      const now = this.now();
      const renewAt = now + Math.max(0, Math.min(life * 0.8, life - 5000));
      for (const l of r.links) {
        this.links.set(l.id, { url: l.url, renewAt, expiresAt: now + life });
        this.broken.delete(l.id);
      }
      for (const id of ids) {
        this.retryAt.delete(id);
        if (!r.links.some((l) => l.id === id)) this.denied.add(id);
      }
    } catch {
      // retried by the timer while shown, or at once when the network is back (online())
      const at = this.now() + RETRY_MS;
      for (const id of ids) this.retryAt.set(id, at);
    } finally {
      for (const id of ids) this.inFlight.delete(id);
    }
    if (generation !== this.generation) return;
    this.planRenewal();
    this.emit();
  }

  /** One timer: at the earliest renewal among the files on screen (or a retry). */
  private planRenewal(): void {
    let next = Number.POSITIVE_INFINITY;
    for (const id of this.shown.keys()) {
      if (this.denied.has(id)) continue;
      const l = this.links.get(id);
      const due = l ? l.renewAt : this.now() + RETRY_MS;
      next = Math.min(next, Math.max(due, this.retryAt.get(id) ?? 0));
    }
    if (Number.isFinite(next)) this.schedule(next);
  }

  private schedule(at: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.renewDue(), Math.max(0, at - this.now()));
  }

  private renewDue(): void {
    this.timer = undefined;
    const now = this.now();
    let asked = false;
    for (const id of this.shown.keys()) {
      const l = this.links.get(id);
      if (this.denied.has(id) || (l && l.renewAt > now) || (this.retryAt.get(id) ?? 0) > now)
        continue;
      this.want(id);
      asked = true;
    }
    if (!asked) this.planRenewal();
  }

  private emit(): void {
    for (const fn of [...this.listeners]) fn();
  }
}
