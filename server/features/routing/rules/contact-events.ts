/**
 * Contact events posted through the API (an order shipped, a subscription ended …) and the delayed
 * firings of `contact_event` rules. Recording an event schedules one job per matching rule
 * (unique per rule and event: posting the same event twice schedules nothing new); the ticker fires
 * due jobs, each claimed with a conditional update inside its firing transaction, so a job fires
 * exactly once across restarts and nodes. Conditions are evaluated when the job is due.
 */
import { z } from 'zod';
import { findOrCreateContact } from '../../../core/commands/contacts.ts';
import type { CommandContext } from '../../../core/commands/context.ts';
import { newId } from '../../../core/lib/ids.ts';
import { authorize } from '../../../core/policies/can.ts';
import { iso } from '../../../core/presenters/index.ts';
import type { Services } from '../../../core/services.ts';
import { evaluate } from './conditions.ts';
import { audit, toRule } from './engine.ts';
import { contactFacts, fireForContact } from './proactive.ts';
import { EventName, type ContactEventSettings } from './triggers.ts';

export const ContactEventBody = z.strictObject({
  contactExternalId: z.string().trim().min(1).max(200),
  name: EventName,
  attributes: z
    .record(z.string().max(100), z.unknown())
    .refine((a) => JSON.stringify(a).length <= 16_000, 'at most 16 kB')
    .default({}),
  occurredAt: z.string().datetime({ offset: true }).optional(),
  /** Posting the same key again is a no-op. Default: name + contact + occurredAt (when given). */
  idempotencyKey: z.string().trim().min(1).max(200).optional(),
  contact: z
    .strictObject({
      name: z.string().trim().max(200).optional(),
      email: z.string().email().max(320).optional(),
    })
    .optional(),
});
export type ContactEventInput = z.infer<typeof ContactEventBody>;

export async function recordContactEvent(ctx: CommandContext, input: ContactEventInput) {
  authorize(ctx.actor, 'contact.update');
  const occurredAt = input.occurredAt ? Date.parse(input.occurredAt) : ctx.now;
  const key =
    input.idempotencyKey ??
    (input.occurredAt ? `${input.name}|${input.contactExternalId}|${occurredAt}` : newId(ctx.now));
  const existing = await ctx.tx
    .selectFrom('automation_contact_events')
    .select(['id', 'contact_id'])
    .where('account_id', '=', ctx.accountId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (existing)
    return { id: existing.id, contactId: existing.contact_id, duplicate: true, scheduled: [] };
  const { contact } = await findOrCreateContact(ctx, {
    identity: { kind: 'external_id', value: input.contactExternalId },
    name: input.contact?.name ?? null,
    email: input.contact?.email ?? null,
  });
  const id = newId(ctx.now);
  await ctx.tx
    .insertInto('automation_contact_events')
    .values({
      id,
      account_id: ctx.accountId,
      contact_id: contact.id,
      name: input.name,
      attributes: JSON.stringify(input.attributes),
      occurred_at: occurredAt,
      idempotency_key: key,
      created_at: ctx.now,
    })
    .execute();
  const rules = await ctx.tx
    .selectFrom('automation_rules')
    .select(['id', 'trigger'])
    .where('account_id', '=', ctx.accountId)
    .where('event', '=', 'contact_event')
    .where('enabled', '=', 1)
    .execute();
  const scheduled: Array<{ ruleId: string; dueAt: string | null }> = [];
  for (const r of rules) {
    const t = JSON.parse(r.trigger ?? '{}') as ContactEventSettings;
    if (t.eventName !== input.name) continue;
    const dueAt = occurredAt + (t.delayMinutes ?? 0) * 60_000;
    await ctx.tx
      .insertInto('automation_jobs')
      .values({
        id: newId(ctx.now),
        account_id: ctx.accountId,
        rule_id: r.id,
        source_id: id,
        contact_id: contact.id,
        due_at: dueAt,
        state: 'pending',
        conversation_id: null,
        fired_at: null,
        created_at: ctx.now,
      })
      .onConflict((oc) => oc.columns(['rule_id', 'source_id']).doNothing())
      .execute();
    scheduled.push({ ruleId: r.id, dueAt: iso(dueAt) });
  }
  return { id, contactId: contact.id, duplicate: false, scheduled };
}

/** Fires due contact-event jobs (ticker). Returns the number of rules fired. */
export async function fireDueJobs(services: Services, limit = 100): Promise<number> {
  const db = services.database.db;
  const now = services.clock.now();
  const jobs = await db
    .selectFrom('automation_jobs')
    .selectAll()
    .where('state', '=', 'pending')
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(limit)
    .execute();
  let fired = 0;
  for (const job of jobs) {
    // only a pending job is settled: another node may have fired it meanwhile
    const settle = (state: 'skipped' | 'error') =>
      db
        .updateTable('automation_jobs')
        .set({ state, fired_at: now })
        .where('id', '=', job.id)
        .where('state', '=', 'pending')
        .executeTakeFirst();
    const [row, ev] = await Promise.all([
      db
        .selectFrom('automation_rules')
        .selectAll()
        .where('id', '=', job.rule_id)
        .where('account_id', '=', job.account_id)
        .executeTakeFirst(),
      db
        .selectFrom('automation_contact_events')
        .selectAll()
        .where('id', '=', job.source_id)
        .executeTakeFirst(),
    ]);
    if (!row || !row.enabled || row.event !== 'contact_event' || !ev) {
      await settle('skipped');
      continue;
    }
    const rule = toRule(row);
    const attributes = JSON.parse(ev.attributes) as Record<string, unknown>;
    const event = {
      type: 'contact_event',
      name: ev.name,
      occurredAt: iso(ev.occurred_at),
      attributes,
    };
    const facts = await contactFacts(db, job.account_id, job.contact_id, now, { event });
    if (!evaluate(rule.conditions, facts)) {
      await settle('skipped');
      continue;
    }
    try {
      const r = await fireForContact(services, {
        rule,
        accountId: job.account_id,
        contactId: job.contact_id,
        trigger: {
          type: 'contact_event',
          vars: { event: { ...attributes, name: ev.name, occurredAt: event.occurredAt } },
        },
        claim: async (ctx) =>
          Number(
            (
              await ctx.tx
                .updateTable('automation_jobs')
                .set({ state: 'done', fired_at: ctx.now })
                .where('id', '=', job.id)
                .where('state', '=', 'pending')
                .executeTakeFirst()
            ).numUpdatedRows,
          ) > 0,
      });
      if (r.outcome === 'fired') {
        fired++;
        await db
          .updateTable('automation_jobs')
          .set({ conversation_id: r.conversationId })
          .where('id', '=', job.id)
          .execute();
      } else if (r.outcome === 'loop_blocked')
        await db
          .updateTable('automation_jobs')
          .set({ state: 'skipped' })
          .where('id', '=', job.id)
          .execute(); // claimed, not fired
    } catch (err) {
      const res = await settle('error'); // the firing rolled back with its claim: the job is still pending
      if (Number(res.numUpdatedRows))
        await audit(
          services,
          { id: null, type: 'contact_event', accountId: job.account_id, conversationId: null },
          rule,
          'error',
          { error: (err as { code?: string }).code ?? 'internal_error', jobId: job.id },
        );
    }
  }
  return fired;
}
