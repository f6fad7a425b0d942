/**
 * Routing settings per account, inbox and team (JSON rows in routing_settings), merged
 * account ← inbox ← team. Validated with zod on write; defaults fill whatever is missing.
 */
import { z } from 'zod';
import type { Executor } from '../../../core/db/client.ts';
import { configCache, routingConfigChanged } from './config-cache.ts';
import {
  isValidInterval,
  isValidTimeZone,
  WEEKDAYS,
  type BusinessHours,
} from '../domain/business-hours.ts';
import { DEFAULT_QUEUE, type QueueConfig } from '../domain/queue.ts';
import { DEFAULT_ROUTING, type RoutingConfig } from '../domain/route.ts';

const Interval = z
  .tuple([z.string(), z.string()])
  .refine(isValidInterval, 'HH:MM-HH:MM with open < close');
export const BusinessHoursSchema = z.strictObject({
  timezone: z.string().max(64).refine(isValidTimeZone, 'unknown time zone'),
  weekly: z.strictObject(
    Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(Interval).max(6).optional()])) as Record<
      (typeof WEEKDAYS)[number],
      z.ZodOptional<z.ZodArray<typeof Interval>>
    >,
  ),
  holidays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
    .max(366)
    .optional(),
});

const Capacity = z.record(z.string().max(40), z.number().int().min(0).max(100));
export const SettingsSchema = z.strictObject({
  routing: z
    .strictObject({
      strategies: z
        .array(z.enum(['sticky', 'skills', 'least_busy', 'round_robin']))
        .max(4)
        .optional(),
      intentSkills: z.record(z.string().max(60), z.string().max(60)).optional(),
      complexIntents: z.array(z.string().max(60)).max(50).optional(),
      hardLevel: z.number().int().min(1).max(5).optional(),
      strictSkills: z.boolean().optional(),
      strictLanguage: z.boolean().optional(),
    })
    .optional(),
  queue: z
    .strictObject({
      agingMinutes: z.number().min(1).max(1440).optional(),
      nearBreachSeconds: z.number().int().min(0).max(86_400).optional(),
      defaultHandleSeconds: z.number().int().min(10).max(86_400).optional(),
      overflow: z
        .strictObject({
          maxQueue: z.number().int().min(1).max(100_000).nullable().optional(),
          maxWaitSeconds: z.number().int().min(1).max(86_400).nullable().optional(),
          teamId: z.string().max(64).nullable().optional(),
        })
        .optional(),
    })
    .optional(),
  defaultCapacity: Capacity.optional(),
  /** Online agents without activity this long become away; null: never; absent: DEFAULT_AUTO_AWAY_MINUTES. */
  autoAwayMinutes: z.number().int().min(1).max(1440).nullable().optional(),
  businessHours: BusinessHoursSchema.nullable().optional(),
  autoReply: z
    .strictObject({
      enabled: z.boolean(),
      zh: z.string().max(1000).optional(),
      en: z.string().max(1000).optional(),
    })
    .optional(),
  alerts: z
    .strictObject({
      angerThreshold: z.number().min(0).max(1).optional(),
      humanRequest: z.boolean().optional(),
    })
    .optional(),
});
export type SettingsInput = z.infer<typeof SettingsSchema>;

export interface EffectiveSettings {
  routing: RoutingConfig;
  queue: QueueConfig;
  defaultCapacity: Record<string, number>;
  autoAwayMinutes: number | null;
  businessHours: BusinessHours | null;
  autoReply: { enabled: boolean; zh: string; en: string };
  alerts: { angerThreshold: number; humanRequest: boolean };
}

/** Auto-away for accounts that have not chosen (an explicit null turns it off). */
export const DEFAULT_AUTO_AWAY_MINUTES = 15;

export const DEFAULT_AUTO_REPLY = {
  zh: '您好，现在是非工作时间，我们的客服会在上班后第一时间回复您。您也可以留下邮箱，我们将通过邮件联系您。',
  en: 'Hi! We are outside our business hours right now. An agent will reply as soon as we are back — you can also leave your email and we will write to you.',
};

export function effective(layers: SettingsInput[]): EffectiveSettings {
  const m: SettingsInput = {};
  for (const l of layers) {
    for (const [k, v] of Object.entries(l)) {
      const prev = (m as Record<string, unknown>)[k];
      (m as Record<string, unknown>)[k] =
        v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object'
          ? { ...prev, ...v }
          : v;
    }
  }
  const angerThreshold = m.alerts?.angerThreshold ?? 0.6;
  return {
    routing: { ...DEFAULT_ROUTING, ...m.routing, angerThreshold },
    queue: {
      ...DEFAULT_QUEUE,
      angerThreshold,
      agingMs: (m.queue?.agingMinutes ?? DEFAULT_QUEUE.agingMs / 60_000) * 60_000,
      nearBreachMs: (m.queue?.nearBreachSeconds ?? DEFAULT_QUEUE.nearBreachMs / 1000) * 1000,
      defaultHandleSeconds: m.queue?.defaultHandleSeconds ?? DEFAULT_QUEUE.defaultHandleSeconds,
      overflow: { ...DEFAULT_QUEUE.overflow, ...m.queue?.overflow },
    },
    defaultCapacity: m.defaultCapacity ?? { '*': 3 },
    autoAwayMinutes:
      m.autoAwayMinutes === undefined ? DEFAULT_AUTO_AWAY_MINUTES : m.autoAwayMinutes,
    businessHours: m.businessHours ?? null,
    autoReply: {
      enabled: m.autoReply?.enabled ?? false,
      zh: m.autoReply?.zh ?? DEFAULT_AUTO_REPLY.zh,
      en: m.autoReply?.en ?? DEFAULT_AUTO_REPLY.en,
    },
    alerts: { angerThreshold, humanRequest: m.alerts?.humanRequest ?? true },
  };
}

export type Scope = { scope: 'account' | 'inbox' | 'team'; scopeId: string };

export async function readLayer(db: Executor, accountId: string, s: Scope): Promise<SettingsInput> {
  const row = await db
    .selectFrom('routing_settings')
    .select('settings')
    .where('account_id', '=', accountId)
    .where('scope', '=', s.scope)
    .where('scope_id', '=', s.scopeId)
    .executeTakeFirst();
  return row ? (JSON.parse(row.settings) as SettingsInput) : {};
}

export async function writeLayer(
  db: Executor,
  accountId: string,
  s: Scope,
  settings: SettingsInput,
  now: number,
): Promise<void> {
  routingConfigChanged(accountId);
  const values = {
    account_id: accountId,
    scope: s.scope,
    scope_id: s.scopeId,
    settings: JSON.stringify(settings),
    updated_at: now,
  };
  await db
    .insertInto('routing_settings')
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(['account_id', 'scope', 'scope_id'])
        .doUpdateSet({ settings: values.settings, updated_at: now }),
    )
    .execute();
}

const layersCache =
  configCache<Array<{ scope: string; scopeId: string; settings: SettingsInput }>>();

/** Effective settings for an account, optionally narrowed to an inbox and a team (layers cached per account). */
export async function settingsFor(
  db: Executor,
  accountId: string,
  where: { inboxId?: string | null; teamId?: string | null } = {},
): Promise<EffectiveSettings> {
  const rows = await layersCache.get(
    accountId,
    async () =>
      (
        await db
          .selectFrom('routing_settings')
          .select(['scope', 'scope_id', 'settings'])
          .where('account_id', '=', accountId)
          .execute()
      ).map((r) => ({
        scope: r.scope,
        scopeId: r.scope_id,
        settings: JSON.parse(r.settings) as SettingsInput,
      })),
    { inTransaction: db.isTransaction },
  );
  const pick = (scope: string, id: string | null | undefined) =>
    rows.find((x) => x.scope === scope && x.scopeId === (id ?? ''))?.settings ?? {};
  return effective([
    pick('account', ''),
    ...(where.inboxId ? [pick('inbox', where.inboxId)] : []),
    ...(where.teamId ? [pick('team', where.teamId)] : []),
  ]);
}
