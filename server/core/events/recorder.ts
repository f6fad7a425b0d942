/** Records domain events into the outbox table inside the command's transaction. */
import type { Executor } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import type { DomainEvent, EventPayloads, EventType } from './catalog.ts';

const insertEvent = prepared(
  (
    db,
    p: {
      accountId: string;
      type: string;
      conversationId: string | null;
      payload: string;
      createdAt: number;
    },
  ) =>
    db
      .insertInto('events')
      .values({
        account_id: p.accountId,
        type: p.type,
        conversation_id: p.conversationId,
        payload: p.payload,
        created_at: p.createdAt,
        dispatched_at: null,
      })
      .returning('id'),
);

export class EventRecorder {
  readonly recorded: DomainEvent[] = [];
  constructor(
    private readonly tx: Executor,
    private readonly accountId: string,
    private readonly now: () => number,
  ) {}

  async record<T extends EventType>(
    type: T,
    payload: EventPayloads[T],
    conversationId: string | null = null,
  ): Promise<void> {
    const createdAt = this.now();
    const row = (await insertEvent.first(this.tx, {
      accountId: this.accountId,
      type,
      conversationId,
      payload: JSON.stringify(payload),
      createdAt,
    }))!;
    this.recorded.push({
      id: Number(row.id),
      accountId: this.accountId,
      type,
      conversationId,
      payload,
      createdAt,
    } as DomainEvent);
  }
}

export function eventFromRow(row: {
  id: number;
  account_id: string;
  type: string;
  conversation_id: string | null;
  payload: string;
  created_at: number;
}): DomainEvent {
  return {
    id: Number(row.id),
    accountId: row.account_id,
    type: row.type as EventType,
    conversationId: row.conversation_id,
    payload: JSON.parse(row.payload),
    createdAt: Number(row.created_at),
  } as DomainEvent;
}
