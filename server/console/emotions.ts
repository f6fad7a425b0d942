/**
 * Keeps the latest emotion per conversation from the AI feature's `message.analyzed` events, so the
 * supervisor overview can show it without knowing the AI feature's tables. Idempotent and order-safe:
 * an older event never overwrites a newer one.
 */
import type { Database } from '../db/client.ts';
import type { DomainEvent } from '../events/catalog.ts';
import type { Processor } from '../events/dispatcher.ts';

export function rememberEmotion(database: Database): Processor {
  return {
    name: 'console-remember-emotion',
    mode: 'inline',
    handles: ['message.analyzed'],
    async handle(event: DomainEvent) {
      const p = (event as DomainEvent<'message.analyzed'>).payload;
      if (!p?.conversationId || !p.emotion) return;
      const values = {
        label: p.emotion.label, intensity: Number(p.emotion.intensity) || 0, trend: p.trend ?? 'stable',
        event_id: event.id, updated_at: Number(event.createdAt) || Date.now(),
      };
      await database.db.insertInto('conversation_emotions')
        .values({ conversation_id: p.conversationId, account_id: event.accountId, ...values })
        .onConflict((oc) => oc.column('conversation_id').doUpdateSet(values).where('conversation_emotions.event_id', '<', event.id))
        .execute();
    },
  };
}
