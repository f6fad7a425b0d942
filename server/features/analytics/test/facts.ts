/** Shared by the analytics integration tests: waiting for the processors, reading fact tables. */
import type { Executor } from '../../../core/db/client.ts';
import type { DomainEvent } from '../../../core/events/catalog.ts';
import type { TestApp } from '../../../test/test-app.ts';
import { until } from '../../../test/wait.ts';
import { FACT_EVENTS } from '../domain/events.ts';

/** Waits until every dispatched event (and what its processors recorded) is finished. */
export function settled(app: TestApp): Promise<unknown> {
  return until(
    () => app.services.dispatcher.backlog,
    (n) => n === 0,
    {
      what: 'dispatcher backlog 0',
      timeoutMs: 60_000,
    },
  );
}

const TABLES = [
  ['conversation_facts', ['conversation_id']],
  ['conversation_cycle_facts', ['conversation_id', 'cycle']],
  ['conversation_fact_labels', ['conversation_id', 'label']],
] as const;

/** The account's fact tables as plain rows (numbers normalised, `updated_at` left out), sorted. */
export async function factTables(db: Executor, accountId: string) {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [table, keys] of TABLES) {
    const rows = (await db
      .selectFrom(table)
      .selectAll()
      .where('account_id', '=', accountId)
      .execute()) as Record<string, unknown>[];
    out[table] = rows
      .map((r) => {
        const { updated_at: _u, ...rest } = r;
        return Object.fromEntries(
          Object.entries(rest).map(([k, v]) => [
            k,
            typeof v === 'string' && /^-?\d+$/.test(v) && k.endsWith('_ms') ? Number(v) : v,
          ]),
        );
      })
      .sort((a, b) => {
        const ka = keys.map((k) => String(a[k])).join('|');
        const kb = keys.map((k) => String(b[k])).join('|');
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
  }
  return out;
}

/** The stored events of a conversation the facts processor handles, as the dispatcher hands them over. */
export async function eventsOf(db: Executor, conversationId: string): Promise<DomainEvent[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('type', 'in', FACT_EVENTS)
    .orderBy('id')
    .execute();
  return rows.map(
    (r) =>
      ({
        id: Number(r.id),
        accountId: r.account_id,
        type: r.type,
        conversationId: r.conversation_id,
        payload: JSON.parse(r.payload),
        createdAt: Number(r.created_at),
      }) as DomainEvent,
  );
}
