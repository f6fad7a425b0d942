/**
 * The account's SLA policies (sla_policies rows, cached per account like the rest of the routing
 * configuration) and the business hours a policy counts its time in.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import type { Executor } from '../../../core/db/client.ts';
import type { Conversation, Priority } from '../../../core/db/types.ts';
import type { SlaPolicy } from '../domain/sla.ts';
import { configCache } from './config-cache.ts';
import { settingsFor } from './settings.ts';

const policiesCache = configCache<Array<SlaPolicy & { name: string }>>();

/** The account's SLA policies (cached per account; writes call routingConfigChanged). */
export function policiesOf(
  db: Executor,
  accountId: string,
): Promise<Array<SlaPolicy & { name: string }>> {
  return policiesCache.get(accountId, () => loadPolicies(db, accountId), {
    inTransaction: db.isTransaction,
  });
}

async function loadPolicies(
  db: Executor,
  accountId: string,
): Promise<Array<SlaPolicy & { name: string }>> {
  const rows = await db
    .selectFrom('sla_policies')
    .selectAll()
    .where('account_id', '=', accountId)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    inboxId: r.inbox_id,
    priority: r.priority as Priority | null,
    firstResponseMs: Number(r.first_response_ms),
    nextResponseMs: r.next_response_ms == null ? null : Number(r.next_response_ms),
    resolutionMs: r.resolution_ms == null ? null : Number(r.resolution_ms),
    warnAt: Number(r.warn_pct) / 100,
    businessHoursOnly: !!r.business_hours,
  }));
}

export async function hoursFor(ctx: CommandContext, c: Conversation, policy: SlaPolicy) {
  if (!policy.businessHoursOnly) return null;
  return (await settingsFor(ctx.tx, ctx.accountId, { inboxId: c.inbox_id, teamId: c.team_id }))
    .businessHours;
}
