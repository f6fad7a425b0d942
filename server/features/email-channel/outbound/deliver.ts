/**
 * One delivery attempt of an outbox row: claim it, check what may be sent, compose, hand it to the
 * relay, record how it ended. Temporary failures (4xx, the relay down, slow or unreachable) are
 * deferred with exponential backoff until the last allowed attempt; 5xx fails at once. Automatic
 * mail passes the loop and bounce gate (auto-gate.ts) or is not sent; a person's reply to a
 * bounced address still goes, with a warning.
 */
import { execute } from '../../../core/commands/context.ts';
import { customerLanguage } from '../../../core/queries/customer-language.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import type { Services } from '../../../core/services.ts';
import { addressStateOf } from '../store/address-state.ts';
import { automaticRefusal } from './auto-gate.ts';
import { composeMail } from './compose.ts';
import { toEmailInbox } from './inbox.ts';
import { claimOutbox, type OutboxRow, outboxById } from './outbox.ts';
import { type AttemptOutcome, recordAttempt } from './record-attempt.ts';
import { getSmtpRow, relayOf } from './settings.ts';
import { classifySmtpError } from './smtp-errors.ts';
import type { DeliveryCode } from './strings.ts';
import { sendThroughRelay } from './transport.ts';

export interface DeliveryOptions {
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
  /** How long an attempt owns its row; after that (a crash) the retry timer may take it. */
  leaseMs: number;
  allowPrivate: boolean;
  /** Automatic mails one address may get per hour. */
  automaticPerHour: number;
}

export function deliveryOptions(services: Services): DeliveryOptions {
  const c = services.config;
  return {
    maxAttempts: c.EMAIL_SEND_MAX_ATTEMPTS,
    retryBaseMs: c.EMAIL_SEND_RETRY_SECONDS * 1000,
    retryMaxMs: 6 * 3600_000,
    timeoutMs: c.EMAIL_SMTP_TIMEOUT_MS,
    leaseMs: Math.max(5 * 60_000, 4 * c.EMAIL_SMTP_TIMEOUT_MS),
    allowPrivate: c.allowPrivateOutbound,
    automaticPerHour: c.EMAIL_AUTO_MAIL_PER_HOUR,
  };
}

/** The wait before attempt `attempt + 1`: base, 2×base, 4×base, … capped. */
export const backoffMs = (attempt: number, base: number, max: number) =>
  Math.min(max, base * 2 ** Math.max(0, attempt - 1));

const finish = (services: Services, row: OutboxRow, outcome: AttemptOutcome, tried: boolean) =>
  execute(services, systemActor(row.account_id, 'email'), recordAttempt, {
    outboxId: row.id,
    outcome,
    tried,
  });

async function load(services: Services, row: OutboxRow) {
  const db = services.database.db;
  const message = await db
    .selectFrom('messages')
    .selectAll()
    .where('id', '=', row.message_id)
    .executeTakeFirst();
  const conversation = await db
    .selectFrom('conversations')
    .select('id')
    .where('id', '=', row.conversation_id)
    .executeTakeFirst();
  const inbox = await db
    .selectFrom('inboxes')
    .select(['id', 'account_id', 'name', 'settings'])
    .where('id', '=', row.inbox_id)
    .executeTakeFirst();
  const smtp = await getSmtpRow(db, row.account_id, row.inbox_id);
  return { message, conversation, inbox, smtp };
}

/** The outcome of handing the mail over (or why it was not). */
async function attempt(
  services: Services,
  row: OutboxRow,
  opts: DeliveryOptions,
  now: number,
): Promise<{ outcome: AttemptOutcome; tried: boolean } | null> {
  const { message, conversation, inbox, smtp } = await load(services, row);
  if (!message || !conversation || !inbox) return null;
  const fail = (code: DeliveryCode) =>
    ({ outcome: { kind: 'failed', code, response: '' }, tried: false }) as const;
  if (!row.recipient) return fail('contact_has_no_email');
  if (!smtp) return fail('smtp_not_configured');
  const relay = relayOf(smtp, services.secret);
  if (row.automatic) {
    const refusal = await automaticRefusal(
      services.database.db,
      {
        row,
        seq: Number(message.seq),
        inboxSettings: inbox.settings,
        fromAddress: relay.fromAddress,
        now,
      },
      opts.automaticPerHour,
    );
    if (refusal) return fail(refusal);
  }
  // a person's reply still goes to an address that bounced, with a warning on the message
  const state = await addressStateOf(services.database.db, row.account_id, row.recipient);
  const bounced = state === 'bounced' || state === 'complained';
  const tries = Number(row.attempts) + 1;
  const retryOrFail = (code: DeliveryCode, response: string, temporary: boolean) => {
    const outcome: AttemptOutcome =
      temporary && tries < opts.maxAttempts
        ? {
            kind: 'deferred',
            code,
            response,
            nextAttemptAt: now + backoffMs(tries, opts.retryBaseMs, opts.retryMaxMs),
          }
        : { kind: 'failed', code, response };
    return { outcome, tried: true };
  };
  let mail: Awaited<ReturnType<typeof composeMail>>;
  try {
    mail = await composeMail({
      db: services.database.db,
      storage: services.storage,
      secret: services.secret,
      row,
      message,
      inbox: toEmailInbox(inbox),
      relay,
      locale: await customerLanguage(services.database.db, row.account_id, row.conversation_id),
    });
  } catch (err) {
    services.log.warn({ err, outboxId: row.id }, 'email: the mail could not be composed');
    return retryOrFail('email_send_failed', '', true);
  }
  try {
    const { response } = await sendThroughRelay(relay, mail, opts);
    const warning = bounced ? ('email_address_bounced' as const) : null;
    return { outcome: { kind: 'sent', response, warning }, tried: true };
  } catch (err) {
    const f = classifySmtpError(err);
    return retryOrFail(f.code, f.response, f.temporary);
  }
}

/** Runs one attempt if this caller can claim the row; returns the row as it ended, or null. */
export async function deliverOne(
  services: Services,
  outboxId: string,
  now: number,
  opts: DeliveryOptions = deliveryOptions(services),
): Promise<OutboxRow | null> {
  const db = services.database.db;
  if (!(await claimOutbox(db, outboxId, now, opts.leaseMs))) return null;
  const row = await outboxById(db, outboxId);
  if (!row) return null;
  const result = await attempt(services, row, opts, now);
  if (!result) {
    // the message or its conversation is gone: nothing to send any more
    await db
      .updateTable('email_outbox')
      .set({ state: 'failed', claimed_until: null, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    return null;
  }
  return finish(services, row, result.outcome, result.tried);
}
