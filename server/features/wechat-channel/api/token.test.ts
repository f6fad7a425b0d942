/**
 * The access-token cache as two nodes see it: two caches over one KV (Redis when REDIS_URL is set,
 * as in scaled mode) fetch one token between them; a refresh after a token error fetches a new one
 * once, and the other node's refresh of the same stale token takes that one; a token sealed for one
 * inbox is never read for another.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { randomToken } from '../../../core/lib/ids.ts';
import { MemoryKeyValue } from '../../../core/infra/memory-kv.ts';
import type { KeyValue } from '../../../core/infra/ports.ts';
import { RedisKeyValue } from '../../../core/infra/redis-kv.ts';
import type { WechatInbox } from '../store/inbox.ts';
import { TokenCache } from './token.ts';

const REDIS_URL = process.env.REDIS_URL;
const redis = REDIS_URL ? new Redis(REDIS_URL, { maxRetriesPerRequest: null }) : null;
afterAll(() => {
  redis?.disconnect();
});
const kvs: Array<[string, () => KeyValue]> = [['memory', () => new MemoryKeyValue()]];
if (redis) kvs.push(['redis', () => new RedisKeyValue(redis, `kefu-test-${randomToken(6)}:`)]);

const inbox = (inboxId: string) => ({ inboxId }) as WechatInbox;

describe.each(kvs)('TokenCache over one KV: %s', (_name, make) => {
  it('two nodes share one token; a refresh fetches once for both', async () => {
    const kv = make();
    let fetched = 0;
    const fetcher = async () => ({ token: `t${++fetched}`, expiresIn: 7200 });
    const a = new TokenCache({ kv, secret: 's'.repeat(40) }, fetcher);
    const b = new TokenCache({ kv, secret: 's'.repeat(40) }, fetcher);
    const box = inbox('i1');
    expect(await a.get(box)).toBe('t1');
    expect(await b.get(box)).toBe('t1');
    expect(fetched).toBe(1);
    expect(await b.refresh(box, 't1')).toBe('t2'); // node B got 42001 with t1
    expect(await a.refresh(box, 't1')).toBe('t2'); // node A too: it takes B's new token
    expect(fetched).toBe(2);
    const [x, y] = await Promise.all([a.refresh(box, 't2'), a.refresh(box, 't2')]);
    expect([x, y, fetched]).toEqual(['t3', 't3', 3]); // one fetch at a time on a node
  });

  it('a token is sealed under its inbox and the server secret: never read for another', async () => {
    const kv = make();
    let fetched = 0;
    const fetcher = async () => ({ token: `t${++fetched}`, expiresIn: 7200 });
    const a = new TokenCache({ kv, secret: 's'.repeat(40) }, fetcher);
    await a.get(inbox('i1'));
    const stored = await kv.presenceList('wechat-token:i1');
    expect(JSON.stringify(stored)).not.toContain('t1');
    const other = new TokenCache({ kv, secret: 'x'.repeat(40) }, fetcher);
    expect(await other.cached(inbox('i1'))).toBeNull();
    expect(await a.cached(inbox('i2'))).toBeNull();
  });
});
