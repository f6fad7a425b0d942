/**
 * The gate every automatic mail passes (the bot, auto-replies, CSAT, rules): the inbound half's
 * one rule (domain/auto-mail.ts `mayAutoSend`) fed with what it needs — the verdict on the mail
 * being answered (automatic mail is never answered automatically), the inbox's own addresses, the
 * recipient's bounce state, and how many automatic mails went to them in the last hour.
 */
import type { Executor } from '../../../core/db/client.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import { type AutoMailVerdict, mayAutoSend } from '../domain/auto-mail.ts';
import { emailSettingsOf, inboxAddresses } from '../domain/settings.ts';
import { addressStateOf } from '../store/address-state.ts';
import type { OutboxRow } from './outbox.ts';
import type { DeliveryCode } from './strings.ts';

const WINDOW_MS = 3600_000;

/** The verdict on the customer's newest mail before this message: automatic mail says so. */
async function answeredVerdict(
  db: Executor,
  row: OutboxRow,
  seq: number,
): Promise<AutoMailVerdict | null> {
  const last = await db
    .selectFrom('messages')
    .select('content_attributes')
    .where('account_id', '=', row.account_id)
    .where('conversation_id', '=', row.conversation_id)
    .where('message_type', '=', 'incoming')
    .where('seq', '<', seq)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const attrs = parseJson<{ noAutoReply?: unknown }>(last?.content_attributes, {});
  return attrs.noAutoReply === true
    ? { automatic: true, noAutoReply: true, kind: null, reasons: [] }
    : null;
}

async function sentInWindow(db: Executor, row: OutboxRow, now: number): Promise<number> {
  const r = await db
    .selectFrom('email_outbox')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('account_id', '=', row.account_id)
    .where('recipient', '=', row.recipient)
    .where('automatic', '=', 1)
    .where('state', '=', 'sent')
    .where('sent_at', '>=', now - WINDOW_MS)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Why an automatic mail must not go (a stable code), or null when it may. */
export async function automaticRefusal(
  db: Executor,
  a: { row: OutboxRow; seq: number; inboxSettings: string; fromAddress: string; now: number },
  limitPerHour: number,
): Promise<DeliveryCode | null> {
  const own = inboxAddresses(emailSettingsOf(parseJson(a.inboxSettings, {})));
  const decision = mayAutoSend({
    verdict: await answeredVerdict(db, a.row, a.seq),
    recipient: a.row.recipient,
    ownAddresses: [...own, a.fromAddress],
    addressState: await addressStateOf(db, a.row.account_id, a.row.recipient),
    sentInWindow: await sentInWindow(db, a.row, a.now),
    limitPerWindow: limitPerHour,
  });
  if (decision.send) return null;
  switch (decision.reason) {
    case 'address_bounced':
      return 'email_address_bounced';
    case 'rate_limited':
      return 'email_auto_rate_limited';
    case 'no_address':
      return 'contact_has_no_email';
    default:
      return 'email_auto_loop'; // answering automatic mail, or writing to our own address
  }
}
