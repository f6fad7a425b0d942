/**
 * `email-outbound` (inline, a lane of its own): an outgoing public message in an email inbox — an
 * agent's reply, the bot's, an auto-reply, CSAT, a rule's — goes into the outbox (queue-mail.ts:
 * once per message, however often the event is delivered), then its first attempt starts in the
 * background (runner.ts), so a slow relay never holds the event or other mail.
 */
import { execute } from '../../../core/commands/context.ts';
import type { DomainEvent } from '../../../core/events/catalog.ts';
import type { Processor } from '../../../core/events/dispatcher.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import type { Services } from '../../../core/services.ts';
import { type EmailInbox, toEmailInbox } from './inbox.ts';
import { queueMail } from './queue-mail.ts';
import { runnerFor } from './runner.ts';
import { getSmtpRow } from './settings.ts';

/** An inbox's channel never changes: inboxes known not to be email inboxes are not read again. */
const notEmail = new Set<string>();

async function emailInbox(services: Services, inboxId: string): Promise<EmailInbox | null> {
  if (notEmail.has(inboxId)) return null;
  const row = await services.database.db
    .selectFrom('inboxes')
    .select(['id', 'account_id', 'name', 'channel_type', 'settings'])
    .where('id', '=', inboxId)
    .executeTakeFirst();
  if (!row) return null;
  if (row.channel_type !== 'email') {
    notEmail.add(inboxId);
    return null;
  }
  return toEmailInbox(row); // read each time: its address and name may change
}

export function emailOutboundProcessor(services: Services): Processor {
  return {
    name: 'email-outbound',
    mode: 'inline',
    lane: 'email-outbound',
    handles: ['message.created'],
    async handle(event: DomainEvent) {
      const { message, conversation } = (event as DomainEvent<'message.created'>).payload;
      if (message.type !== 'outgoing') return; // notes, activity and customer mail are not sent
      const inbox = await emailInbox(services, conversation.inboxId);
      if (!inbox) return;
      const smtp = await getSmtpRow(services.database.db, event.accountId, inbox.id);
      const row = await execute(services, systemActor(event.accountId, 'email'), queueMail, {
        messageId: message.id,
        conversationId: conversation.id,
        inboxId: inbox.id,
        automatic: message.sender.type !== 'user',
        domainAddress: inbox.address ?? smtp?.from_address ?? 'kefu.invalid',
      });
      if (row.state === 'pending') void runnerFor(services).kick(row.id);
    },
  };
}
