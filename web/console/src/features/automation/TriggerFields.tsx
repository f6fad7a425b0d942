/** Settings of the rule events that are not domain events: schedule, contact event (delay), page view (cooldown). */
import { useT } from '../../lib/index.ts';

export const TRIGGER_EVENTS = ['schedule', 'contact_event', 'page_view'];

export interface TriggerState {
  scheduleKind: 'every' | 'daily';
  everyMinutes: string;
  dailyAt: string;
  timezone: string;
  eventName: string;
  delay: string;
  delayUnit: 'minutes' | 'hours' | 'days';
  cooldownMinutes: string;
}
export const INITIAL_TRIGGER: TriggerState = {
  scheduleKind: 'every',
  everyMinutes: '60',
  dailyAt: '09:00',
  timezone: '',
  eventName: 'order.delivered',
  delay: '3',
  delayUnit: 'days',
  cooldownMinutes: '1440',
};

const UNIT = { minutes: 1, hours: 60, days: 1440 } as const;

/** The `trigger` body of POST /api/v1/automation/rules for the event (undefined for domain events). */
export function triggerBody(event: string, s: TriggerState): Record<string, unknown> | undefined {
  if (event === 'schedule') {
    return s.scheduleKind === 'every'
      ? { everyMinutes: Number(s.everyMinutes) }
      : { dailyAt: s.dailyAt, ...(s.timezone.trim() ? { timezone: s.timezone.trim() } : {}) };
  }
  if (event === 'contact_event')
    return {
      eventName: s.eventName.trim(),
      delayMinutes: Math.round(Number(s.delay) * UNIT[s.delayUnit]),
    };
  if (event === 'page_view') return { cooldownMinutes: Number(s.cooldownMinutes) };
  return undefined;
}

/** Short text for the rules table. */
export function describeTrigger(
  t: ReturnType<typeof useT>,
  event: string,
  trigger: Record<string, unknown> | null,
): string {
  if (!trigger) return '';
  if (event === 'schedule') {
    return trigger.everyMinutes != null
      ? t('auto.trigger.everyShort', { n: Number(trigger.everyMinutes) })
      : t('auto.trigger.dailyShort', {
          time: String(trigger.dailyAt),
          zone: String(trigger.timezone ?? t('auto.trigger.accountZone')),
        });
  }
  if (event === 'contact_event')
    return t('auto.trigger.eventShort', {
      name: String(trigger.eventName),
      minutes: Number(trigger.delayMinutes ?? 0),
    });
  if (event === 'page_view')
    return t('auto.trigger.cooldownShort', { n: Number(trigger.cooldownMinutes ?? 1440) });
  return '';
}

export function TriggerFields({
  event,
  value,
  onChange,
}: {
  event: string;
  value: TriggerState;
  onChange: (v: TriggerState) => void;
}) {
  const t = useT();
  const set = <K extends keyof TriggerState>(k: K, v: TriggerState[K]) =>
    onChange({ ...value, [k]: v });
  if (event === 'schedule') {
    return (
      <fieldset className="rt-form">
        <legend>{t('auto.trigger.schedule')}</legend>
        <label>
          {t('auto.trigger.kind')}{' '}
          <select
            value={value.scheduleKind}
            onChange={(e) => set('scheduleKind', e.target.value as TriggerState['scheduleKind'])}
          >
            <option value="every">{t('auto.trigger.every')}</option>
            <option value="daily">{t('auto.trigger.daily')}</option>
          </select>
        </label>
        {value.scheduleKind === 'every' ? (
          <label>
            {t('auto.trigger.everyMinutes')}{' '}
            <input
              type="number"
              min={1}
              max={10080}
              value={value.everyMinutes}
              onChange={(e) => set('everyMinutes', e.target.value)}
              required
            />
          </label>
        ) : (
          <>
            <label>
              {t('auto.trigger.dailyAt')}{' '}
              <input
                type="time"
                value={value.dailyAt}
                onChange={(e) => set('dailyAt', e.target.value)}
                required
              />
            </label>
            <label>
              {t('auto.trigger.timezone')}{' '}
              <input
                value={value.timezone}
                placeholder="Asia/Shanghai"
                onChange={(e) => set('timezone', e.target.value)}
                maxLength={64}
              />
            </label>
          </>
        )}
        <p className="rt-hint">{t('auto.trigger.scheduleHint')}</p>
      </fieldset>
    );
  }
  if (event === 'contact_event') {
    return (
      <fieldset className="rt-form">
        <legend>{t('auto.trigger.contactEvent')}</legend>
        <label>
          {t('auto.trigger.eventName')}{' '}
          <input
            value={value.eventName}
            onChange={(e) => set('eventName', e.target.value)}
            required
            maxLength={100}
          />
        </label>
        <div className="rt-row">
          <label>
            {t('auto.trigger.delay')}{' '}
            <input
              type="number"
              min={0}
              value={value.delay}
              onChange={(e) => set('delay', e.target.value)}
              required
            />
          </label>
          <label>
            {t('auto.trigger.unit')}{' '}
            <select
              value={value.delayUnit}
              onChange={(e) => set('delayUnit', e.target.value as TriggerState['delayUnit'])}
            >
              {(['minutes', 'hours', 'days'] as const).map((u) => (
                <option key={u} value={u}>
                  {t(`auto.trigger.${u}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="rt-hint">{t('auto.trigger.contactEventHint')}</p>
      </fieldset>
    );
  }
  if (event === 'page_view') {
    return (
      <fieldset className="rt-form">
        <legend>{t('auto.trigger.pageView')}</legend>
        <label>
          {t('auto.trigger.cooldown')}{' '}
          <input
            type="number"
            min={1}
            value={value.cooldownMinutes}
            onChange={(e) => set('cooldownMinutes', e.target.value)}
            required
          />
        </label>
        <p className="rt-hint">{t('auto.trigger.pageViewHint')}</p>
      </fieldset>
    );
  }
  return null;
}
