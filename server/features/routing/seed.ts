/**
 * Demo data: capacity 2 per agent, business hours with an out-of-hours reply, a 2-minute chat SLA,
 * agent skills, an anger alert threshold, the rule "refund intent → label 'refund' + team Billing",
 * and a macro.
 */
import { execute, type CommandDeps } from '../../core/commands/context.ts';
import type { DemoContext } from '../../core/kit/feature.ts';
import { newId } from '../../core/lib/ids.ts';
import { systemActor } from '../../core/policies/actor.ts';
import { upsertProfile } from './store/agents.ts';
import { changingConfig } from './store/config-cache.ts';
import { writeLayer, type SettingsInput } from './store/settings.ts';

const EVERY_DAY: Array<[string, string]> = [['08:00', '23:00']];

export const DEMO_ROUTING_SETTINGS: SettingsInput = {
  defaultCapacity: { '*': 2 },
  autoAwayMinutes: 30,
  businessHours: {
    timezone: 'Asia/Shanghai',
    weekly: {
      mon: EVERY_DAY,
      tue: EVERY_DAY,
      wed: EVERY_DAY,
      thu: EVERY_DAY,
      fri: EVERY_DAY,
      sat: EVERY_DAY,
      sun: EVERY_DAY,
    },
    holidays: ['2027-01-01', '2027-02-06'],
  },
  autoReply: { enabled: true },
  alerts: { angerThreshold: 0.6, humanRequest: true },
  queue: { overflow: { maxQueue: 20, maxWaitSeconds: 1800 } },
  routing: { complexIntents: ['refund_return', 'refund', 'complaint'], hardLevel: 3 },
};

export async function seedRoutingDemo(deps: CommandDeps, demo: DemoContext): Promise<void> {
  const [, li, sam] = demo.userIds;
  await changingConfig(
    demo.accountId,
    execute(
      deps,
      systemActor(demo.accountId, 'seed'),
      async (ctx) => {
        await writeLayer(
          ctx.tx,
          ctx.accountId,
          { scope: 'account', scopeId: '' },
          DEMO_ROUTING_SETTINGS,
          ctx.now,
        );
        await upsertProfile(
          ctx.tx,
          ctx.accountId,
          li,
          {
            skills: { refund_return: 4, complaint: 4, order_status: 2 },
            languages: ['zh', 'en'],
            capacity: { '*': 2 },
          },
          ctx.now,
        );
        await upsertProfile(
          ctx.tx,
          ctx.accountId,
          sam,
          {
            skills: { order_status: 4, delivery: 4, refund_return: 2 },
            languages: ['en'],
            capacity: { '*': 2 },
          },
          ctx.now,
        );
        await ctx.tx
          .insertInto('sla_policies')
          .values({
            id: newId(ctx.now),
            account_id: ctx.accountId,
            name: '在线咨询 Chat',
            inbox_id: null,
            priority: null,
            first_response_ms: 2 * 60_000,
            next_response_ms: 5 * 60_000,
            resolution_ms: 4 * 3_600_000,
            warn_pct: 80,
            business_hours: 1,
            created_at: ctx.now,
            updated_at: ctx.now,
          })
          .execute();
        const rules = [
          {
            name: '退款意图 → 财务组 / Refund intent → Billing',
            event: 'message_analyzed',
            conditions: {
              any: [
                { field: 'analysis.intent', op: 'eq', value: 'refund_return' },
                { field: 'analysis.intent', op: 'eq', value: 'refund' },
              ],
            },
            actions: [
              { type: 'add_label', label: 'refund' },
              { type: 'assign_team', teamId: demo.teamIds.billing },
            ],
          },
          {
            name: '愤怒客户 → 高优先级 / Angry customer → high priority',
            event: 'message_analyzed',
            conditions: {
              all: [
                { field: 'analysis.emotion', op: 'eq', value: 'angry' },
                { field: 'analysis.emotionIntensity', op: 'gte', value: 0.6 },
              ],
            },
            actions: [{ type: 'set_priority', priority: 'high' }],
          },
        ];
        for (const [i, r] of rules.entries()) {
          await ctx.tx
            .insertInto('automation_rules')
            .values({
              id: newId(ctx.now),
              account_id: ctx.accountId,
              name: r.name,
              event: r.event,
              conditions: JSON.stringify(r.conditions),
              actions: JSON.stringify(r.actions),
              position: i,
              stop_processing: 0,
              enabled: 1,
              created_at: ctx.now,
              updated_at: ctx.now,
            })
            .execute();
        }
        await ctx.tx
          .insertInto('macros')
          .values({
            id: newId(ctx.now),
            account_id: ctx.accountId,
            name: '物流查询 / Shipping status',
            created_by: null,
            created_at: ctx.now,
            updated_at: ctx.now,
            actions: JSON.stringify([
              {
                type: 'send_message',
                content:
                  '{{contact.name}}您好，我是{{agent.name}}，正在为您查询物流。/ Hi {{contact.name}}, {{agent.name}} here — checking your delivery now.',
              },
              { type: 'add_label', label: '物流' },
            ]),
          })
          .execute();
      },
      null,
    ),
  );
}
