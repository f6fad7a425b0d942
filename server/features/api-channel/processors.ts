/**
 * The outbound side: public replies (agents, the bot, automations) and status changes in an API
 * inbox with a webhook become durable deliveries, one per (inbox webhook, message or event), then
 * the delivery worker sends them. Decided from the payload first (customer messages and notes cost
 * nothing), then one indexed read of the inbox's webhook (none for other channels).
 */
import { execute } from '../../core/commands/context.ts';
import type { DomainEvent } from '../../core/events/catalog.ts';
import type { Processor } from '../../core/events/dispatcher.ts';
import type { FeatureContext } from '../../core/kit/feature.ts';
import { systemActor } from '../../core/policies/actor.ts';
import { enqueueDelivery } from './commands/deliveries.ts';
import { workerOf } from './delivery/registry.ts';
import { apiConversation, apiMessage, isOutbound } from './domain/present.ts';
import type { WebhookPayload } from './schemas.ts';
import { externalIdOfContact } from './store/contacts.ts';
import { senderNames } from './store/messages.ts';

export function webhookProcessor({ services }: FeatureContext): Processor {
  const db = services.database.db;
  return {
    name: 'api-channel-webhooks',
    mode: 'inline',
    lane: 'api-channel',
    handles: ['message.created', 'conversation.status_changed'],
    async handle(event: DomainEvent) {
      const p = event.payload as DomainEvent<'message.created'>['payload'] &
        Partial<DomainEvent<'conversation.status_changed'>['payload']>;
      if (!isOutbound(event.type, p)) return;
      const inboxId = p.conversation.inboxId;
      const hook = await db
        .selectFrom('api_channel_inboxes')
        .select('inbox_id')
        .where('inbox_id', '=', inboxId)
        .where('account_id', '=', event.accountId)
        .where('webhook_url', 'is not', null)
        .executeTakeFirst();
      if (!hook) return;
      const externalId = await externalIdOfContact(
        db,
        event.accountId,
        inboxId,
        p.conversation.contactId,
      );
      const message = event.type === 'message.created' ? p.message : null;
      const names = message ? await senderNames(db, event.accountId, [message]) : new Map();
      const base = {
        type: event.type,
        createdAt: new Date(Number(event.createdAt)).toISOString(),
        inboxId,
        contact: { id: p.conversation.contactId, externalId },
        conversation: apiConversation(p.conversation),
      };
      await execute(services, systemActor(event.accountId, 'api-channel'), enqueueDelivery, {
        inboxId,
        subject: message ? `message:${message.id}` : `event:${event.id}`,
        eventType: event.type,
        conversationId: p.conversation.id,
        messageId: message?.id ?? null,
        payload: (id): WebhookPayload =>
          message
            ? {
                id,
                ...base,
                message: apiMessage(inboxId, message, names.get(message.sender.id ?? '') ?? null),
              }
            : { id, ...base, previousStatus: p.previousStatus },
      });
      workerOf(services)?.kick();
    },
  };
}
