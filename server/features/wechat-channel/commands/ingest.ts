/**
 * Turns one stored callback into Kefu state, in one transaction with marking it processed (so a
 * rerun after a crash finds it done): a message becomes a customer message (downloaded media as
 * attachments, idempotent on the platform's MsgId) and opens the reply window; an event updates
 * the window and the follower state.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { findByIdempotencyKey } from '../../../core/commands/lib/conversations.ts';
import { receiveMessage } from '../../../core/commands/receive-message.ts';
import type { Attachment } from '../../../core/db/types.ts';
import { newId } from '../../../core/lib/ids.ts';
import { safeFileName, sniffContentType } from '../../../core/lib/sniff.ts';
import {
  type WechatEvent,
  type WechatMessage,
  WINDOW_EVENTS,
  wechatAttributes,
} from '../domain/inbound.ts';
import { afterInteraction } from '../domain/window.ts';
import { readWindow, writeWindow, closeWindow } from '../store/window.ts';
import type { InboundStatus } from '../tables.ts';

export interface IngestMessageInput {
  inboundId: string;
  inboxId: string;
  contactId: string;
  message: WechatMessage;
  files: Array<{ fileName: string; data: Buffer }>;
  /** Why the media could not be fetched (stored on the message; the text still arrives). */
  mediaError?: string;
}

export async function markInbound(
  ctx: CommandContext,
  input: {
    inboundId: string;
    status: InboundStatus;
    error?: string | null;
    messageId?: string | null;
  },
): Promise<void> {
  await ctx.tx
    .updateTable('wechat_inbound')
    .set({
      status: input.status,
      last_error: input.error ?? null,
      message_id: input.messageId ?? null,
      processed_at: ctx.now,
      raw_sealed: input.status === 'failed' ? undefined : null, // kept only while it may run again
    })
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.inboundId)
    .execute();
}

/**
 * A downloaded file as the contact's upload (type sniffed from the bytes), ready for the message
 * to claim. The download is already bounded (processors/inbound.ts).
 */
async function storeFile(
  ctx: CommandContext,
  contactId: string,
  f: { fileName: string; data: Buffer },
): Promise<Attachment> {
  if (!ctx.storage) throw new Error('file storage is not configured');
  const id = newId(ctx.now);
  const key = `${ctx.accountId}/${id}`;
  await ctx.storage.put(key, f.data);
  const row: Attachment = {
    id,
    account_id: ctx.accountId,
    message_id: null,
    uploader_type: 'contact',
    uploader_id: contactId,
    file_name: safeFileName(f.fileName),
    content_type: await sniffContentType(f.data),
    size: f.data.length,
    storage_key: key,
    created_at: ctx.now,
  };
  await ctx.tx.insertInto('attachments').values(row).execute();
  return row;
}

/**
 * Run by the system actor: background work in the group commit, so that under load the callbacks'
 * acknowledgements (foreground) go first and processing catches up behind them.
 */
export async function ingestMessage(ctx: CommandContext, input: IngestMessageInput) {
  const m = input.message;
  const externalId = `wechat:${m.msgId}`;
  // a second run of the same delivery (a redelivered event): no second copy of its files
  const existing = await findByIdempotencyKey(
    ctx.tx,
    ctx.accountId,
    `inbox:${input.inboxId}:${externalId}`,
  );
  if (existing) {
    await markInbound(ctx, { inboundId: input.inboundId, status: 'done', messageId: existing.id });
    return { message: existing, duplicate: true };
  }
  const attachments = [];
  for (const f of input.files) attachments.push(await storeFile(ctx, input.contactId, f));
  const r = await receiveMessage(ctx, {
    inboxId: input.inboxId,
    contactId: input.contactId,
    content: m.content,
    externalId,
    attachmentIds: attachments.map((a) => a.id),
    attributes: {
      wechat: {
        ...wechatAttributes(m),
        ...(input.mediaError ? { mediaError: input.mediaError } : {}),
      },
    },
  });
  if (!r.duplicate) {
    const key = { accountId: ctx.accountId, inboxId: input.inboxId, openId: m.openId };
    const current = await readWindow(ctx.tx, key);
    await writeWindow(ctx.tx, key, afterInteraction(current, 'message', ctx.now), ctx.now);
  }
  await markInbound(ctx, { inboundId: input.inboundId, status: 'done', messageId: r.message.id });
  return r;
}

export async function ingestEvent(
  ctx: CommandContext,
  input: { inboundId: string; inboxId: string; event: WechatEvent },
): Promise<void> {
  const e = input.event;
  const key = { accountId: ctx.accountId, inboxId: input.inboxId, openId: e.openId };
  if (WINDOW_EVENTS.has(e.event)) {
    const current = await readWindow(ctx.tx, key);
    await writeWindow(ctx.tx, key, afterInteraction(current, 'event', ctx.now), ctx.now);
  } else if (e.event === 'unsubscribe') await closeWindow(ctx.tx, key, ctx.now);
  await markInbound(ctx, { inboundId: input.inboundId, status: 'done' });
}
