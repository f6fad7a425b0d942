/**
 * An agent's (or the bot's) public reply in a WeChat conversation enters the outbox once: its parts
 * are planned, the reply window gives up that many messages in the same transaction (or the reply
 * is refused: failed on the message, or — `strict`, the send route — an error that rolls the reply
 * back), and the message shows `pending`. `recordResult` ends a delivery.
 */
import type { Selectable } from 'kysely';
import type { CommandContext } from '../../../core/commands/context.ts';
import { loadConversation } from '../../../core/commands/lib/conversations.ts';
import type { Executor } from '../../../core/db/client.ts';
import { newId } from '../../../core/lib/ids.ts';
import { attachmentsOf } from '../../../core/queries/messages.ts';
import { planParts } from '../domain/parts.ts';
import {
  codeOfRefusal,
  type DeliveryCode,
  explain,
  type Explained,
  refusalError,
  SHUTS_WINDOW,
} from '../domain/refusals.ts';
import { windowView } from '../domain/window-view.ts';
import { refusal } from '../domain/window.ts';
import { fallbacksOf } from '../store/fallback.ts';
import { closeWindow, readWindow, takeFromWindow } from '../store/window.ts';
import type { WechatOutboxTable } from '../tables.ts';
import { openIdKind } from './contact.ts';
import { showDelivery } from './delivery.ts';

export type OutboxRow = Selectable<WechatOutboxTable>;

/** The WeChat user a conversation talks to: the inbox's app and the contact's openid for it. */
export async function targetOf(
  db: Executor,
  accountId: string,
  conversation: { inbox_id: string; contact_id: string },
): Promise<{ appId: string; openId: string } | null> {
  const app = await db
    .selectFrom('wechat_inboxes')
    .select('app_id')
    .where('account_id', '=', accountId)
    .where('inbox_id', '=', conversation.inbox_id)
    .executeTakeFirst();
  if (!app) return null;
  const identity = await db
    .selectFrom('contact_identities')
    .select('value')
    .where('account_id', '=', accountId)
    .where('contact_id', '=', conversation.contact_id)
    .where('kind', '=', openIdKind(app.app_id))
    .executeTakeFirst();
  return identity ? { appId: app.app_id, openId: identity.value } : null;
}

export function outboxOf(db: Executor, messageId: string): Promise<OutboxRow | undefined> {
  return db
    .selectFrom('wechat_outbox')
    .selectAll()
    .where('message_id', '=', messageId)
    .executeTakeFirst();
}

export const deliveryOf = (row: OutboxRow, e?: Explained | null, extra: object = {}) => ({
  state: row.state,
  parts: Number(row.parts),
  partsSent: Number(row.parts_sent),
  attempts: Number(row.attempts),
  ...(e ? { code: e.code, messages: e.messages } : {}),
  ...(row.last_errcode != null ? { errcode: Number(row.last_errcode) } : {}),
  ...extra,
});

export async function queueWechatSend(
  ctx: CommandContext,
  input: { messageId: string; strict?: boolean },
): Promise<OutboxRow | null> {
  const existing = await outboxOf(ctx.tx, input.messageId);
  if (existing) return existing;
  const message = await ctx.tx
    .selectFrom('messages')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.messageId)
    .executeTakeFirst();
  if (!message || message.message_type !== 'outgoing') return null;
  const conversation = await loadConversation(ctx.tx, ctx.accountId, message.conversation_id);
  const target = await targetOf(ctx.tx, ctx.accountId, conversation);
  const plan = planParts(message.content, await attachmentsOf(ctx.tx, [message.id]));
  const parts = 'parts' in plan ? plan.parts.length : 0;
  const key = {
    accountId: ctx.accountId,
    inboxId: conversation.inbox_id,
    openId: target?.openId ?? '',
  };
  let problem: Explained | null = null;
  if (!target) problem = explain('wechat_not_configured');
  else if ('problem' in plan) problem = explain(plan.problem);
  else if (parts > 0 && !(await takeFromWindow(ctx.tx, key, parts, ctx.now))) {
    const w = await readWindow(ctx.tx, key);
    problem = explain(codeOfRefusal(refusal(w, ctx.now, parts) ?? 'window_closed'), {
      quota: w?.quota,
    });
  }
  if (problem && input.strict)
    throw refusalError(problem, {
      window: windowView(target ? await readWindow(ctx.tx, key) : null, ctx.now),
      fallback: await fallbacksOf(
        ctx.tx,
        ctx.accountId,
        conversation.contact_id,
        conversation.inbox_id,
      ),
    });
  const row: OutboxRow = {
    id: newId(ctx.now),
    account_id: ctx.accountId,
    inbox_id: conversation.inbox_id,
    conversation_id: conversation.id,
    message_id: message.id,
    open_id: target?.openId ?? '',
    parts,
    parts_sent: 0,
    state: problem ? 'failed' : parts ? 'pending' : 'sent',
    attempts: 0,
    last_code: problem?.code ?? null,
    last_errcode: null,
    last_error: null,
    claimed_until: null,
    created_at: ctx.now,
    updated_at: ctx.now,
    sent_at: problem || parts ? null : ctx.now,
  };
  await ctx.tx.insertInto('wechat_outbox').values(row).execute();
  const extra = problem
    ? {
        fallback: await fallbacksOf(
          ctx.tx,
          ctx.accountId,
          conversation.contact_id,
          conversation.inbox_id,
        ),
      }
    : {};
  await showDelivery(
    ctx,
    message.id,
    problem ? 'failed' : parts ? 'pending' : 'sent',
    deliveryOf(row, problem, extra),
  );
  return row;
}

export interface ResultInput {
  outboxId: string;
  /** Null: every part went out. */
  code: DeliveryCode | null;
  errcode?: number;
  errmsg?: string;
  partsSent: number;
}

export async function recordResult(
  ctx: CommandContext,
  input: ResultInput,
): Promise<OutboxRow | null> {
  const row = await ctx.tx
    .selectFrom('wechat_outbox')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.outboxId)
    .executeTakeFirst();
  if (!row || row.state !== 'pending') return row ?? null;
  const updated: OutboxRow = {
    ...row,
    state: input.code ? 'failed' : 'sent',
    parts_sent: input.partsSent,
    last_code: input.code,
    last_errcode: input.errcode ?? null,
    last_error: input.errmsg?.slice(0, 500) ?? null,
    claimed_until: null,
    updated_at: ctx.now,
    sent_at: input.code ? null : ctx.now,
  };
  const { id: _id, ...changes } = updated;
  await ctx.tx.updateTable('wechat_outbox').set(changes).where('id', '=', row.id).execute();
  const problem = input.code ? explain(input.code, input) : null;
  if (input.code && SHUTS_WINDOW.has(input.code))
    await closeWindow(
      ctx.tx,
      { accountId: ctx.accountId, inboxId: row.inbox_id, openId: row.open_id },
      ctx.now,
    );
  const conversation = await loadConversation(ctx.tx, ctx.accountId, row.conversation_id);
  const extra = problem
    ? { fallback: await fallbacksOf(ctx.tx, ctx.accountId, conversation.contact_id, row.inbox_id) }
    : {};
  await showDelivery(
    ctx,
    row.message_id,
    input.code ? 'failed' : 'sent',
    deliveryOf(updated, problem, extra),
  );
  return updated;
}
