/**
 * Schedule-triggered rules, fired by the ticker. A rule's next slot is stored (next_run_at); a node
 * claims the slot with a conditional update (`… WHERE next_run_at = <the slot it read>`), so two nodes
 * never both run a slot and a restart resumes from the database (a slot missed while down runs once).
 * The conditions are evaluated over the account's active conversations (open, pending, snoozed);
 * a rule fires again for a conversation only after the conversation changed since its last firing,
 * and the usual loop protection and audit apply.
 */
import type { Executor } from '../../../core/db/client.ts';
import type { Services } from '../../../core/services.ts';
import type { Schedule } from '../domain/schedule.ts';
import { nextRun } from '../domain/schedule.ts';
import { settingsFor } from '../store/settings.ts';
import { evaluate } from './conditions.ts';
import { buildFacts, fire, toRule } from './engine.ts';

/** Conversations looked at per rule and slot (oldest activity first). */
export const SCHEDULE_BATCH = 500;

export async function accountTimeZone(db: Executor, accountId: string): Promise<string> {
  return (await settingsFor(db, accountId)).businessHours?.timezone ?? 'UTC';
}

/** Runs every schedule rule whose slot is due. Returns the number of firings. */
export async function runScheduledRules(services: Services): Promise<number> {
  const db = services.database.db;
  const now = services.clock.now();
  const due = await db
    .selectFrom('automation_rules')
    .selectAll()
    .where('event', '=', 'schedule')
    .where('enabled', '=', 1)
    .where('next_run_at', 'is not', null)
    .where('next_run_at', '<=', now)
    .orderBy('next_run_at')
    .limit(50)
    .execute();
  let fired = 0;
  for (const row of due) {
    const tz = await accountTimeZone(db, row.account_id);
    const next = nextRun(JSON.parse(row.trigger ?? '{}') as Schedule, now, tz);
    const claim = await db
      .updateTable('automation_rules')
      .set({ last_run_at: row.next_run_at, next_run_at: next })
      .where('id', '=', row.id)
      .where('next_run_at', '=', row.next_run_at!)
      .executeTakeFirst();
    if (!Number(claim.numUpdatedRows)) continue; // another node runs this slot
    fired += await runSlot(services, row.account_id, toRule(row), now);
  }
  return fired;
}

async function runSlot(
  services: Services,
  accountId: string,
  rule: ReturnType<typeof toRule>,
  now: number,
): Promise<number> {
  const db = services.database.db;
  const convs = await db
    .selectFrom('conversations')
    .select(['id', 'updated_at'])
    .where('account_id', '=', accountId)
    .where('status', 'in', ['open', 'pending', 'snoozed'])
    .orderBy('updated_at')
    .limit(SCHEDULE_BATCH)
    .execute();
  let fired = 0;
  for (const c of convs) {
    const facts = await buildFacts(db, accountId, c.id, now);
    if (!facts || !evaluate(rule.conditions, facts)) continue;
    // unchanged since this rule last fired for it: do not repeat (e.g. notify once, not every slot)
    const last = await db
      .selectFrom('automation_audit')
      .select('created_at')
      .where('rule_id', '=', rule.id)
      .where('conversation_id', '=', c.id)
      .where('outcome', '=', 'fired')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last && Number(last.created_at) >= Number(c.updated_at)) continue;
    if (
      (await fire(
        services,
        { id: null, type: 'schedule', accountId, conversationId: c.id },
        rule,
      )) === 'fired'
    )
      fired++;
  }
  return fired;
}
