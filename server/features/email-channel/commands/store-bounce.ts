/**
 * A delivery report (RFC 3464) for mail we sent: each failed or delayed recipient updates its
 * address state (which suppresses automatic mail), and the conversation of the mail that bounced
 * (found by the original's Message-ID, one we recorded as sent) gets an activity that says so.
 * A report about mail we never sent (backscatter) changes nothing but the key.
 */
import { loadConversation } from '../../../core/commands/lib/conversations.ts';
import { bounceEffect, parseDsn } from '../domain/dsn.ts';
import { mailMessage } from '../domain/message-attributes.ts';
import { applyBounce } from '../store/address-state.ts';
import { findThreadByMessageIds } from '../store/message-ids.ts';
import { pickLocale, type Locale } from '../../../../shared/i18n.ts';
import { emailInText } from '../strings.ts';
import { appendMail } from './append-mail.ts';
import type { StoreCtx } from './store-mail.ts';

export async function storeBounce(
  s: StoreCtx,
): Promise<{ conversationId?: string; messageId?: string }> {
  const { ctx, input } = s;
  const dsn = parseDsn(input.mail.deliveryStatus ?? '');
  const hits = (await findThreadByMessageIds(ctx.tx, input.inboxId, input.mail.attachedIds)).filter(
    (h) => h.direction === 'out',
  );
  if (!hits.length) return {};
  const recipients = [];
  for (const r of dsn.recipients) {
    const effect = bounceEffect(r);
    const state = effect ? await applyBounce(ctx.tx, ctx.accountId, r, effect, ctx.now) : null;
    recipients.push({ ...r, state });
  }
  const conversation = await loadConversation(ctx.tx, ctx.accountId, hits[0]!.conversationId);
  const mail = mailMessage(input.mail, {
    source: input.source,
    auth: input.auth,
    auto: s.auto,
    thread: { conversationId: conversation.id, via: 'message_id' },
    inline: {},
  });
  const failed = recipients.filter((r) => r.action === 'failed' || r.action === 'delayed');
  const t = emailInText(await accountLocale(s));
  const message = await appendMail(ctx, {
    inboxId: input.inboxId,
    conversation,
    kind: 'activity',
    sender: { type: 'system', id: null },
    message: {
      content: failed.length
        ? t('emailIn.bounce.failed', {
            recipients: failed.map((r) => `${r.recipient} (${r.status ?? r.action})`).join(', '),
          })
        : t('emailIn.bounce.report'),
      attributes: {
        ...mail.attributes,
        activity: 'email_bounce',
        dsn: {
          reportingMta: dsn.reportingMta,
          recipients,
          originalMessageIds: input.mail.attachedIds,
        },
      },
    },
    parts: [],
    rfcMessageId: input.mail.messageId,
    subject: input.mail.subject,
    participants: [],
    raw: null,
    idempotencyKey: `email:${input.inboxId}:${input.dedupeKey}`,
    secret: input.secret,
    newConversation: false,
  });
  return { conversationId: conversation.id, messageId: message.id };
}

async function accountLocale(s: StoreCtx): Promise<Locale> {
  const row = await s.ctx.tx
    .selectFrom('accounts')
    .select('locale')
    .where('id', '=', s.ctx.accountId)
    .executeTakeFirst();
  return pickLocale('zh-CN', row?.locale);
}
