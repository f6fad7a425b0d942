/**
 * Automation rules (admin): list, create, change, delete, their dry run and audit. The feature's
 * automation routes are these and the macro and canned-response routes of macros.ts.
 */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { changingConfig, routingConfigChanged } from '../store/config-cache.ts';
import { notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { Id, IdParams } from '../../../core/http/schemas.ts';
import { newId } from '../../../core/lib/ids.ts';
import { authorize } from '../../../core/policies/can.ts';
import { iso } from '../../../core/presenters/index.ts';
import type { AutomationRulesTable } from '../tables.ts';
import { ActionsSchema, redactActions, withStoredSecrets } from '../rules/actions.ts';
import { evaluate, GroupSchema } from '../rules/conditions.ts';
import { buildFacts, RULE_EVENTS, toRule } from '../rules/engine.ts';
import { idOr404 } from './queue.ts';
import { nextRunAt, triggerFor } from '../rules/triggers.ts';
import { accountTimeZone } from '../rules/schedule.ts';
import { macroRoutes } from './macros.ts';
import { routingResponses as R } from '../responses.ts';

const RuleBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  event: z.enum(RULE_EVENTS),
  conditions: GroupSchema.default({ all: [] }),
  actions: ActionsSchema,
  position: z.number().int().min(0).max(10_000).optional(),
  stopProcessing: z.boolean().default(false),
  enabled: z.boolean().default(true),
  /** schedule: { everyMinutes } | { dailyAt, timezone? }; contact_event: { eventName, delayMinutes }; page_view: { cooldownMinutes }. */
  trigger: z.unknown().optional(),
});
const RulePatch = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  event: z.enum(RULE_EVENTS).optional(),
  conditions: GroupSchema.optional(),
  actions: ActionsSchema.optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  stopProcessing: z.boolean().optional(),
  enabled: z.boolean().optional(),
  trigger: z.unknown().optional(),
});
const presentRule = (r: AutomationRulesTable) => ({
  ...toRule(r),
  actions: redactActions(toRule(r).actions),
  event: r.event,
  position: Number(r.position),
  enabled: !!r.enabled,
  updatedAt: iso(r.updated_at),
  nextRunAt: iso(r.next_run_at ?? null),
  lastRunAt: iso(r.last_run_at ?? null),
});

const ruleRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/automation/rules',
    auth: 'user',
    summary: 'Automation rules in order',
    tags: ['automation'],
    response: R.Rules,
    handler: async ({ actor, services }) => {
      authorize(actor, 'supervise');
      const rows = await services.database.db
        .selectFrom('automation_rules')
        .selectAll()
        .where('account_id', '=', actor.accountId)
        .orderBy('position')
        .orderBy('id')
        .execute();
      return { data: rows.map(presentRule) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/automation/rules',
    auth: 'user',
    summary: 'Create a rule: event + conditions + actions',
    tags: ['automation'],
    response: R.Rule,
    body: RuleBody,
    status: 201,
    handler: async ({ actor, body, services }) =>
      changingConfig(
        actor.accountId,
        execute(
          services,
          actor,
          async (ctx) => {
            routingConfigChanged(ctx.accountId);
            authorize(ctx.actor, 'account.manage');
            const trigger = triggerFor(body.event, body.trigger);
            const max = await ctx.tx
              .selectFrom('automation_rules')
              .select((eb) => eb.fn.max('position').as('m'))
              .where('account_id', '=', ctx.accountId)
              .executeTakeFirst();
            const row: AutomationRulesTable = {
              trigger: trigger ? JSON.stringify(trigger) : null,
              last_run_at: null,
              next_run_at: nextRunAt(
                body.event,
                trigger,
                body.enabled,
                ctx.now,
                await accountTimeZone(ctx.tx, ctx.accountId),
              ),
              id: newId(ctx.now),
              account_id: ctx.accountId,
              name: body.name,
              event: body.event,
              conditions: JSON.stringify(body.conditions),
              actions: JSON.stringify(withStoredSecrets(body.actions, [])),
              position: body.position ?? Number(max?.m ?? -1) + 1,
              stop_processing: body.stopProcessing ? 1 : 0,
              enabled: body.enabled ? 1 : 0,
              created_at: ctx.now,
              updated_at: ctx.now,
            };
            await ctx.tx.insertInto('automation_rules').values(row).execute();
            return presentRule(row);
          },
          null,
        ),
      ),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/automation/rules/:id',
    auth: 'user',
    summary: 'Change a rule (also its position)',
    tags: ['automation'],
    response: R.Rule,
    params: IdParams,
    body: RulePatch,
    handler: async ({ actor, params, body, services }) =>
      changingConfig(
        actor.accountId,
        execute(
          services,
          actor,
          async (ctx) => {
            routingConfigChanged(ctx.accountId);
            authorize(ctx.actor, 'account.manage');
            const current = await ctx.tx
              .selectFrom('automation_rules')
              .selectAll()
              .where('account_id', '=', ctx.accountId)
              .where('id', '=', idOr404(params.id, 'rule'))
              .executeTakeFirst();
            if (!current) throw notFound('rule');
            const event = body.event ?? current.event;
            const enabled = body.enabled ?? !!current.enabled;
            const trigger = triggerFor(
              event,
              body.trigger !== undefined
                ? body.trigger
                : body.event && body.event !== current.event
                  ? undefined
                  : current.trigger
                    ? JSON.parse(current.trigger)
                    : undefined,
            );
            // a new schedule (or re-enabling) starts from the next slot; an unchanged one keeps its stored slot
            const reschedule =
              body.trigger !== undefined || body.event !== undefined || body.enabled !== undefined;
            const row = await ctx.tx
              .updateTable('automation_rules')
              .set({
                ...(reschedule
                  ? {
                      trigger: trigger ? JSON.stringify(trigger) : null,
                      next_run_at: nextRunAt(
                        event,
                        trigger,
                        enabled,
                        ctx.now,
                        await accountTimeZone(ctx.tx, ctx.accountId),
                      ),
                    }
                  : {}),
                ...(body.name ? { name: body.name } : {}),
                ...(body.event ? { event: body.event } : {}),
                ...(body.conditions ? { conditions: JSON.stringify(body.conditions) } : {}),
                ...(body.actions
                  ? {
                      actions: JSON.stringify(
                        withStoredSecrets(body.actions, toRule(current).actions),
                      ),
                    }
                  : {}),
                ...(body.position != null ? { position: body.position } : {}),
                ...(body.stopProcessing != null
                  ? { stop_processing: body.stopProcessing ? 1 : 0 }
                  : {}),
                ...(body.enabled != null ? { enabled: body.enabled ? 1 : 0 } : {}),
                updated_at: ctx.now,
              })
              .where('account_id', '=', ctx.accountId)
              .where('id', '=', idOr404(params.id, 'rule'))
              .returningAll()
              .executeTakeFirst();
            if (!row) throw notFound('rule');
            return presentRule(row);
          },
          null,
        ),
      ),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/automation/rules/:id',
    auth: 'user',
    summary: 'Delete a rule',
    tags: ['automation'],
    status: 204,
    params: IdParams,
    handler: async ({ actor, params, services }) =>
      changingConfig(
        actor.accountId,
        execute(
          services,
          actor,
          async (ctx) => {
            routingConfigChanged(ctx.accountId);
            authorize(ctx.actor, 'account.manage');
            const res = await ctx.tx
              .deleteFrom('automation_rules')
              .where('account_id', '=', ctx.accountId)
              .where('id', '=', idOr404(params.id, 'rule'))
              .executeTakeFirst();
            if (!Number(res.numDeletedRows)) throw notFound('rule');
          },
          null,
        ),
      ),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/automation/rules/dry-run',
    auth: 'user',
    summary: 'Which recent conversations the conditions would match (nothing is changed)',
    tags: ['automation'],
    response: R.DryRun,
    body: z.strictObject({
      conditions: GroupSchema,
      limit: z.number().int().min(1).max(200).default(100),
    }),
    handler: async ({ actor, body, services }) => {
      authorize(actor, 'supervise');
      const db = services.database.db;
      const recent = await db
        .selectFrom('conversations')
        .select(['id', 'display_id'])
        .where('account_id', '=', actor.accountId)
        .orderBy('updated_at', 'desc')
        .limit(body.limit)
        .execute();
      const matched = [];
      for (const c of recent) {
        const facts = await buildFacts(db, actor.accountId, c.id, services.clock.now());
        if (facts && evaluate(body.conditions, facts))
          matched.push({ conversationId: c.id, displayId: c.display_id });
      }
      return { checked: recent.length, matched };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/automation/audit',
    auth: 'user',
    summary: 'Rule firings, newest first',
    tags: ['automation'],
    response: R.Audit,
    query: z.strictObject({
      ruleId: Id.optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    handler: async ({ actor, query, services }) => {
      authorize(actor, 'supervise');
      let q = services.database.db
        .selectFrom('automation_audit')
        .selectAll()
        .where('account_id', '=', actor.accountId);
      if (query.ruleId) q = q.where('rule_id', '=', query.ruleId);
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit)
        .execute();
      return {
        data: rows.map((r) => ({
          id: r.id,
          ruleId: r.rule_id,
          conversationId: r.conversation_id,
          eventType: r.event_type,
          outcome: r.outcome,
          detail: JSON.parse(r.detail),
          createdAt: iso(r.created_at),
        })),
      };
    },
  }),
];

export const automationRoutes = [...ruleRoutes, ...macroRoutes];
