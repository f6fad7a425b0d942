/**
 * The outbound processor: a public reply (`message.created`, type outgoing) in a WeChat inbox
 * enters the outbox (commands/outbox.ts: parts planned, reply window taken) and its parts go out
 * through `message/custom/send` (files through `media/upload` first). One attempt at a time per
 * message (a lease on its row); parts already sent are not sent again. Platform refusals end the
 * delivery as failed with a stable code; network trouble and "system busy" are retried (the
 * dispatcher's attempts), then end failed too. Other channels' messages cost one cached lookup.
 */
import { execute } from '../../../core/commands/context.ts';
import type { DomainEvent } from '../../../core/events/catalog.ts';
import type { Processor } from '../../../core/events/dispatcher.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import type { Services } from '../../../core/services.ts';
import { WechatApiError, type WechatApi } from '../api/client.ts';
import { type OutboxRow, queueWechatSend, recordResult } from '../commands/outbox.ts';
import { type Part, planParts } from '../domain/parts.ts';
import { codeOfErrcode } from '../domain/refusals.ts';
import { channelOf, loadWechatInbox, type WechatInbox } from '../store/inbox.ts';

const LEASE_MS = 2 * 60_000;
export const MAX_ATTEMPTS = 3;

export function outboundProcessor(services: Services, api: WechatApi): Processor {
  return {
    name: 'wechat-outbound',
    mode: 'inline',
    lane: 'wechat-out',
    partitions: 4,
    handles: ['message.created'],
    handle: async (e) => {
      const { message, conversation } = (e as DomainEvent<'message.created'>).payload;
      if (message.type !== 'outgoing') return;
      if ((await channelOf(services.database.db, conversation.inboxId)) !== 'wechat_oa') return;
      await deliver(services, api, e.accountId, message.id);
    },
  };
}

export async function deliver(
  services: Services,
  api: WechatApi,
  accountId: string,
  messageId: string,
) {
  const row = await execute(services, systemActor(accountId, 'wechat'), queueWechatSend, {
    messageId,
  });
  if (row?.state === 'pending') await sendOutbox(services, api, row);
}

async function claim(services: Services, row: OutboxRow): Promise<OutboxRow | null> {
  const now = services.clock.now();
  const r = await services.database.db
    .updateTable('wechat_outbox')
    .set((eb) => ({
      claimed_until: now + LEASE_MS,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('id', '=', row.id)
    .where('state', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .returningAll()
    .executeTakeFirst();
  return r ?? null;
}

async function sendOutbox(services: Services, api: WechatApi, pending: OutboxRow): Promise<void> {
  const row = await claim(services, pending);
  if (!row) return; // another attempt holds it, or it ended
  const db = services.database.db;
  const system = systemActor(row.account_id, 'wechat');
  let sent = Number(row.parts_sent);
  const finish = (code: ReturnType<typeof codeOfErrcode> | null, err?: WechatApiError) =>
    execute(services, system, recordResult, {
      outboxId: row.id,
      code,
      errcode: err?.errcode,
      errmsg: err?.errmsg,
      partsSent: sent,
    });
  const inbox = await loadWechatInbox(db, services.secret, row.inbox_id, services.clock.now());
  if (!inbox) return void (await finish('wechat_not_configured'));
  const parts = await partsOf(services, row);
  try {
    for (; sent < parts.length; sent++) {
      await sendPart(services, api, inbox, row.open_id, parts[sent]);
      await db
        .updateTable('wechat_outbox')
        .set({ parts_sent: sent + 1 })
        .where('id', '=', row.id)
        .execute();
    }
  } catch (err) {
    if (!(err instanceof WechatApiError)) throw err;
    if (err.transient && Number(row.attempts) < MAX_ATTEMPTS) {
      await db
        .updateTable('wechat_outbox')
        .set({ claimed_until: null })
        .where('id', '=', row.id)
        .execute();
      throw err; // the dispatcher tries again after its backoff
    }
    return void (await finish(codeOfErrcode(err.errcode), err));
  }
  await finish(null);
}

async function partsOf(services: Services, row: OutboxRow): Promise<Part[]> {
  const db = services.database.db;
  const message = await db
    .selectFrom('messages')
    .select('content')
    .where('id', '=', row.message_id)
    .executeTakeFirstOrThrow();
  const attachments = await db
    .selectFrom('attachments')
    .selectAll()
    .where('message_id', '=', row.message_id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const plan = planParts(message.content, attachments);
  return 'parts' in plan ? plan.parts : [];
}

async function sendPart(
  services: Services,
  api: WechatApi,
  inbox: WechatInbox,
  openId: string,
  part: Part,
): Promise<void> {
  if (part.kind === 'text') {
    await api.sendCustom(inbox, { touser: openId, msgtype: 'text', text: { content: part.text } });
    return;
  }
  const a = await services.database.db
    .selectFrom('attachments')
    .selectAll()
    .where('id', '=', part.attachmentId)
    .executeTakeFirstOrThrow();
  const data = await services.storage.get(a.storage_key);
  if (!data) throw new WechatApiError(-3, 'the file is missing from storage');
  const mediaId = await api.uploadMedia(inbox, part.type, {
    data,
    fileName: a.file_name,
    contentType: a.content_type,
  });
  await api.sendCustom(inbox, {
    touser: openId,
    msgtype: part.type,
    [part.type]: { media_id: mediaId },
  });
}
