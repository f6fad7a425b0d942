/**
 * Settings of the rule events that are not domain events: `schedule` (every N minutes or daily at a
 * local time), `contact_event` (an event posted through the API, N minutes later) and `page_view`
 * (the widget reports time on page; at most once per visitor per cooldown).
 */
import { z } from 'zod';
import { badInput } from '../../../core/errors.ts';
import { isValidTimeZone } from '../domain/business-hours.ts';
import { nextRun, type Schedule } from '../domain/schedule.ts';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
export const ScheduleSchema = z.union([
  z.strictObject({
    everyMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
  }),
  z.strictObject({
    dailyAt: HHMM,
    timezone: z.string().max(64).refine(isValidTimeZone, 'unknown time zone').optional(),
  }),
]);
export const EventName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : -');
export const ContactEventTrigger = z.strictObject({
  eventName: EventName,
  delayMinutes: z
    .number()
    .int()
    .min(0)
    .max(366 * 24 * 60)
    .default(0),
});
export const PageViewTrigger = z.strictObject({
  cooldownMinutes: z
    .number()
    .int()
    .min(1)
    .max(366 * 24 * 60)
    .default(24 * 60),
});
export const TriggerSchema = z.union([ScheduleSchema, ContactEventTrigger, PageViewTrigger]);

export type ContactEventSettings = z.infer<typeof ContactEventTrigger>;
export type PageViewSettings = z.infer<typeof PageViewTrigger>;
export type TriggerSettings = Schedule | ContactEventSettings | PageViewSettings;

/** Validates the trigger for the event (throws 400 invalid_trigger); null for domain events. */
export function triggerFor(event: string, raw: unknown): TriggerSettings | null {
  const schema =
    event === 'schedule'
      ? ScheduleSchema
      : event === 'contact_event'
        ? ContactEventTrigger
        : event === 'page_view'
          ? PageViewTrigger
          : null;
  if (!schema) {
    if (raw != null) throw badInput('invalid_trigger', `Event ${event} takes no trigger settings.`);
    return null;
  }
  const r = schema.safeParse(raw ?? (event === 'page_view' ? {} : undefined));
  if (!r.success)
    throw badInput(
      'invalid_trigger',
      `The ${event} trigger is invalid.`,
      r.error.issues.map((i) => ({
        path: ['trigger', ...i.path.map(String)].join('.'),
        message: i.message,
      })),
    );
  return r.data;
}

/** next_run_at of a schedule rule (null for other events and disabled rules). */
export function nextRunAt(
  event: string,
  trigger: TriggerSettings | null,
  enabled: boolean,
  now: number,
  timezone: string,
): number | null {
  return event === 'schedule' && trigger && enabled
    ? nextRun(trigger as Schedule, now, timezone)
    : null;
}
