/**
 * Access tokens, cached in the KV port (Redis when scaled, so every node shares one token per inbox)
 * sealed under the inbox, until shortly before they expire. One fetch at a time per inbox on a node;
 * a refresh after a token error fetches a new token only when the cache still holds the stale one
 * (another caller or node may have refreshed it already). Two nodes refreshing at once is harmless:
 * the platform keeps the previous token valid for a few minutes after issuing a new one.
 */
import type { Services } from '../../../core/services.ts';
import { openToken, sealToken } from '../domain/settings.ts';
import type { WechatInbox } from '../store/inbox.ts';

/** Kept until this long before the platform's expiry. */
const MARGIN_MS = 5 * 60_000;
const MEMBER = 'token';

type Fetcher = (inbox: WechatInbox) => Promise<{ token: string; expiresIn: number }>;

export class TokenCache {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly services: Pick<Services, 'kv' | 'secret'>,
    private readonly fetchToken: Fetcher,
  ) {}

  private key = (inboxId: string) => `wechat-token:${inboxId}`;

  /** The cached token, if any and still readable. */
  async cached(inbox: WechatInbox): Promise<string | null> {
    const entry = (await this.services.kv.presenceList(this.key(inbox.inboxId)))[MEMBER];
    return entry ? openToken(this.services.secret, inbox.inboxId, entry) : null;
  }

  async get(inbox: WechatInbox): Promise<string> {
    return (await this.cached(inbox)) ?? this.fetchOnce(inbox);
  }

  /** A token other than `stale`: the cache's when it was renewed meanwhile, else a new one. */
  async refresh(inbox: WechatInbox, stale: string): Promise<string> {
    const running = this.inFlight.get(inbox.inboxId);
    if (running) return running;
    const current = await this.cached(inbox);
    if (current && current !== stale) return current;
    return this.fetchOnce(inbox); // the new token overwrites the stale one
  }

  private fetchOnce(inbox: WechatInbox): Promise<string> {
    const running = this.inFlight.get(inbox.inboxId);
    if (running) return running;
    const p = (async () => {
      const { token, expiresIn } = await this.fetchToken(inbox);
      const ttl = Math.max(1_000, expiresIn * 1000 - MARGIN_MS);
      await this.services.kv.presenceSet(
        this.key(inbox.inboxId),
        MEMBER,
        sealToken(this.services.secret, inbox.inboxId, token),
        ttl,
      );
      return token;
    })().finally(() => this.inFlight.delete(inbox.inboxId));
    this.inFlight.set(inbox.inboxId, p);
    return p;
  }
}
