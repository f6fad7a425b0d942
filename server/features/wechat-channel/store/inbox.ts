/**
 * A WeChat inbox's settings with its secrets opened, cached per process for a few seconds (every
 * callback needs them; opening three sealed values costs more than the signature check). A write
 * on this node drops the entry at once; other nodes see it within the cache's life.
 */
import type { Executor } from '../../../core/db/client.ts';
import { aesKeyOf } from '../domain/crypto.ts';
import { openSecret } from '../domain/settings.ts';
import type { CallbackSecrets } from '../domain/verify.ts';
import type { WechatAppKind } from '../tables.ts';

export interface WechatInbox extends CallbackSecrets {
  inboxId: string;
  accountId: string;
  appKind: WechatAppKind;
  appSecret: string;
  fetchUserInfo: boolean;
}

const TTL_MS = 3_000;
const cache = new Map<string, { at: number; value: WechatInbox | null }>();

export function forgetInbox(inboxId: string): void {
  cache.delete(inboxId);
}

/** The inbox's opened settings; null when it is not a configured WeChat inbox (or a secret is unreadable). */
export async function loadWechatInbox(
  db: Executor,
  secret: string,
  inboxId: string,
  now = Date.now(),
): Promise<WechatInbox | null> {
  const hit = cache.get(inboxId);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const row = await db
    .selectFrom('wechat_inboxes as w')
    .innerJoin('inboxes as i', 'i.id', 'w.inbox_id')
    .selectAll('w')
    .where('w.inbox_id', '=', inboxId)
    .where('i.channel_type', '=', 'wechat_oa')
    .executeTakeFirst();
  let value: WechatInbox | null = null;
  if (row) {
    const token = openSecret(secret, row.token_sealed);
    const appSecret = openSecret(secret, row.app_secret_sealed);
    const aes = row.aes_key_sealed ? openSecret(secret, row.aes_key_sealed) : null;
    if (token !== null && appSecret !== null && (aes !== null || !row.aes_key_sealed))
      value = {
        inboxId: row.inbox_id,
        accountId: row.account_id,
        appId: row.app_id,
        appKind: row.app_kind,
        mode: row.mode,
        token,
        aesKey: aes ? aesKeyOf(aes) : null,
        appSecret,
        fetchUserInfo: !!Number(row.fetch_user_info),
      };
  }
  if (cache.size > 5_000) cache.clear();
  cache.set(inboxId, { at: now, value });
  return value;
}

const channels = new Map<string, string>();

/** An inbox's channel type (it never changes, so it is kept for the life of the process). */
export async function channelOf(db: Executor, inboxId: string): Promise<string | null> {
  const known = channels.get(inboxId);
  if (known) return known;
  const row = await db
    .selectFrom('inboxes')
    .select('channel_type')
    .where('id', '=', inboxId)
    .executeTakeFirst();
  if (!row) return null;
  if (channels.size > 20_000) channels.clear();
  channels.set(inboxId, row.channel_type);
  return row.channel_type;
}
