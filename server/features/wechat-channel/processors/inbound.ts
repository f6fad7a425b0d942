/**
 * The inbound processor: a stored callback (event `wechat.inbound_received`) becomes a contact, a
 * message or a window change. At-least-once and idempotent: a processed row is skipped, messages
 * are idempotent on the platform's MsgId, and the row is marked in the same transaction as its
 * effect. Media is downloaded at once (temporary media expires); a failed download still stores
 * the message, with the reason. New followers' UnionID is asked for once (merge on UnionID).
 */
import { execute } from '../../../core/commands/context.ts';
import type { DomainEvent } from '../../../core/events/catalog.ts';
import type { Processor } from '../../../core/events/dispatcher.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import type { Services } from '../../../core/services.ts';
import type { WechatApi } from '../api/client.ts';
import { attachUnionId, resolveWechatContact } from '../commands/contact.ts';
import { ingestEvent, ingestMessage, markInbound } from '../commands/ingest.ts';
import {
  MEDIA_TYPES,
  toInbound,
  type WechatInbound,
  type WechatMessage,
} from '../domain/inbound.ts';
import { openRaw } from '../domain/settings.ts';
import { parseWechatXml } from '../domain/xml.ts';
import { type WechatInbox, loadWechatInbox } from '../store/inbox.ts';

const MAX_MEDIA_BYTES = 20 * 1_048_576;
const CONTACT_EVENTS = new Set([
  'subscribe',
  'unsubscribe',
  'CLICK',
  'SCAN',
  'VIEW',
  'user_enter_tempsession',
]);

export function inboundProcessor(services: Services, api: WechatApi): Processor {
  return {
    name: 'wechat-inbound',
    mode: 'inline',
    lane: 'wechat-in',
    handles: ['wechat.inbound_received'],
    handle: (e) => {
      const p = (e as DomainEvent<'wechat.inbound_received'>).payload;
      return processInbound(services, api, e.accountId, p.inboundId);
    },
  };
}

export async function processInbound(
  services: Services,
  api: WechatApi,
  accountId: string,
  inboundId: string,
): Promise<void> {
  const db = services.database.db;
  const row = await db
    .selectFrom('wechat_inbound')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', inboundId)
    .executeTakeFirst();
  if (!row || row.status !== 'pending' || !row.raw_sealed) return;
  const system = systemActor(accountId, 'wechat');
  const mark = (status: 'failed' | 'ignored', error: string | null = null) =>
    execute(services, system, markInbound, { inboundId, status, error });
  const inbox = await loadWechatInbox(db, services.secret, row.inbox_id, services.clock.now());
  if (!inbox || inbox.accountId !== accountId)
    return void (await mark('failed', 'wechat_not_configured'));
  const raw = openRaw(services.secret, row.inbox_id, row.raw_sealed);
  if (raw === null) return void (await mark('failed', 'unreadable'));
  let m: WechatInbound;
  try {
    m = toInbound(parseWechatXml(raw));
  } catch {
    return void (await mark('failed', 'invalid'));
  }
  if (m.kind === 'unsupported') return void (await mark('ignored', `type ${m.msgType}`));
  if (m.kind === 'event') {
    if (CONTACT_EVENTS.has(m.event)) {
      const subscribed =
        m.event === 'subscribe' ? true : m.event === 'unsubscribe' ? false : undefined;
      const { contact, created } = await execute(services, system, resolveWechatContact, {
        appId: inbox.appId,
        openId: m.openId,
        subscribed,
      });
      if (created || m.event === 'subscribe')
        await linkUnionId(services, api, inbox, contact.id, m.openId);
    }
    await execute(services, system, ingestEvent, { inboundId, inboxId: inbox.inboxId, event: m });
    return;
  }
  const { contact, created } = await execute(services, system, resolveWechatContact, {
    appId: inbox.appId,
    openId: m.openId,
  });
  const contactId = created
    ? await linkUnionId(services, api, inbox, contact.id, m.openId)
    : contact.id;
  const media = await fetchMedia(services, api, inbox, m);
  await execute(services, system, ingestMessage, {
    inboundId,
    inboxId: inbox.inboxId,
    contactId,
    message: m,
    ...media,
  });
}

/** Asks the platform for the follower's UnionID and merges on it; returns the contact that remains. */
async function linkUnionId(
  services: Services,
  api: WechatApi,
  inbox: WechatInbox,
  contactId: string,
  openId: string,
): Promise<string> {
  if (!inbox.fetchUserInfo || inbox.appKind !== 'official_account') return contactId;
  try {
    const { unionId } = await api.userInfo(inbox, openId);
    if (!unionId) return contactId;
    const r = await execute(services, systemActor(inbox.accountId, 'wechat'), attachUnionId, {
      contactId,
      unionId,
    });
    return r.contactId;
  } catch (err) {
    services.log.warn(
      { err, inboxId: inbox.inboxId },
      'wechat: user/info failed; no UnionID for now',
    );
    return contactId;
  }
}

async function fetchMedia(
  services: Services,
  api: WechatApi,
  inbox: WechatInbox,
  m: WechatMessage,
): Promise<{ files: Array<{ fileName: string; data: Buffer }>; mediaError?: string }> {
  if (!MEDIA_TYPES.has(m.msgType) || !m.mediaId) return { files: [] };
  try {
    const file = await api.getMedia(inbox, m.mediaId, MAX_MEDIA_BYTES);
    const ext = m.msgType === 'voice' ? (m.format ?? 'amr') : m.msgType === 'image' ? 'jpg' : 'mp4';
    const fileName = file.fileName.includes('.') ? file.fileName : `${m.msgType}-${m.msgId}.${ext}`;
    return { files: [{ fileName, data: file.data }] };
  } catch (err) {
    services.log.warn({ err, inboxId: inbox.inboxId }, 'wechat: media download failed');
    const code = (err as { errcode?: number }).errcode;
    return { files: [], mediaError: code !== undefined ? `errcode ${code}` : 'download failed' };
  }
}
