/** Admin page: automation rules in order (enable, delete), a new-rule form with dry run, and the firing audit. */
import { useCallback, useEffect, useState } from 'react';
import { addMessages, api, ApiError, formatDateTime, useT } from '../../lib/index.ts';
import '../routing/routing.css';
import { actionName, describeDetail } from './detail.ts';
import { catalogue } from './strings.ts';
import {
  describeTrigger,
  INITIAL_TRIGGER,
  TRIGGER_EVENTS,
  TriggerFields,
  triggerBody,
  type TriggerState,
} from './TriggerFields.tsx';

addMessages(catalogue);

const EVENTS = [
  'conversation_created',
  'conversation_updated',
  'message_received',
  'message_analyzed',
  'sla_warning',
  'sla_breached',
  'emotion_alert',
  'csat_received',
  ...TRIGGER_EVENTS,
];
interface Rule {
  id: string;
  name: string;
  event: string;
  position: number;
  enabled: boolean;
  stopProcessing: boolean;
  conditions: unknown;
  actions: Array<{ type: string }>;
  trigger: Record<string, unknown> | null;
  nextRunAt: string | null;
}
interface AuditRow {
  id: string;
  ruleId: string;
  conversationId: string | null;
  outcome: string;
  createdAt: string;
  detail: unknown;
}

const EXAMPLE_CONDITIONS = JSON.stringify(
  { all: [{ field: 'analysis.intent', op: 'eq', value: 'refund' }] },
  null,
  2,
);
const EXAMPLE_ACTIONS = JSON.stringify([{ type: 'add_label', label: 'refund' }], null, 2);

function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    const d = (e as ApiError & { details?: Array<{ path: string; message: string }> }).details;
    return Array.isArray(d) && d.length
      ? d.map((x) => `${x.path}: ${x.message}`).join('; ')
      : e.message;
  }
  return (e as Error).message;
}

function RuleForm({ onSaved }: { onSaved: () => void }) {
  const t = useT();
  const [name, setName] = useState('');
  const [event, setEvent] = useState('message_analyzed');
  const [conditions, setConditions] = useState(EXAMPLE_CONDITIONS);
  const [actions, setActions] = useState(EXAMPLE_ACTIONS);
  const [stop, setStop] = useState(false);
  const [trigger, setTrigger] = useState<TriggerState>(INITIAL_TRIGGER);
  const [note, setNote] = useState<string | null>(null);
  const parse = () => {
    try {
      return { c: JSON.parse(conditions), a: JSON.parse(actions) };
    } catch {
      setNote(t('auto.badJson'));
      return null;
    }
  };
  async function save() {
    const p = parse();
    if (!p) return;
    try {
      await api('POST', '/api/v1/automation/rules', {
        name,
        event,
        conditions: p.c,
        actions: p.a,
        stopProcessing: stop,
        trigger: triggerBody(event, trigger),
      });
      setNote(null);
      setName('');
      onSaved();
    } catch (e) {
      setNote(t('auto.error', { message: describeError(e) }));
    }
  }
  async function dryRun() {
    const p = parse();
    if (!p) return;
    try {
      const r = await api<{ checked: number; matched: unknown[] }>(
        'POST',
        '/api/v1/automation/rules/dry-run',
        { conditions: p.c },
      );
      setNote(t('auto.matched', { matched: r.matched.length, checked: r.checked }));
    } catch (e) {
      setNote(t('auto.error', { message: describeError(e) }));
    }
  }
  return (
    <form
      className="rt-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label>
        {t('auto.name')}{' '}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
      </label>
      <label>
        {t('auto.event')}{' '}
        <select value={event} onChange={(e) => setEvent(e.target.value)}>
          {EVENTS.map((ev) => (
            <option key={ev} value={ev}>
              {t(`auto.event.${ev}`)}
            </option>
          ))}
        </select>
      </label>
      <TriggerFields event={event} value={trigger} onChange={setTrigger} />
      <label>
        {t('auto.conditions')}
        <textarea
          rows={6}
          value={conditions}
          onChange={(e) => setConditions(e.target.value)}
          spellCheck={false}
        />
      </label>
      <label>
        {t('auto.actions')}
        <textarea
          rows={5}
          value={actions}
          onChange={(e) => setActions(e.target.value)}
          spellCheck={false}
        />
      </label>
      <label className="rt-row">
        <input type="checkbox" checked={stop} onChange={(e) => setStop(e.target.checked)} />{' '}
        {t('auto.stop')}
      </label>
      <div className="rt-row">
        <button type="submit">{t('auto.create')}</button>
        <button
          type="button"
          onClick={() => {
            void dryRun();
          }}
        >
          {t('auto.dryRun')}
        </button>
      </div>
      {note && (
        <p role="status" className="rt-hint">
          {note}
        </p>
      )}
    </form>
  );
}

export default function AutomationPage() {
  const t = useT();
  const [rules, setRules] = useState<Rule[]>([]);
  const [audit, setAudit] = useState<AuditRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<{ data: Rule[] }>('GET', '/api/v1/automation/rules').then(
      (r) => setRules(r.data),
      (e) => setError(describeError(e)),
    );
    api<{ data: AuditRow[] }>('GET', '/api/v1/automation/audit?limit=30').then(
      (r) => setAudit(r.data),
      () => {},
    );
  }, []);
  useEffect(() => {
    load();
  }, [load]);
  const act = (p: Promise<unknown>) => {
    p.then(load, (e) => setError(describeError(e)));
  };
  const names = new Map(rules.map((r) => [r.id, r.name]));
  return (
    <div className="rt-page">
      <h1>{t('auto.title')}</h1>
      {error && (
        <p className="rt-error" role="alert">
          {error}
        </p>
      )}
      <section className="rt-card" aria-labelledby="auto-rules">
        <h2 id="auto-rules">{t('auto.rules')}</h2>
        {!rules.length ? (
          <p className="rt-hint">{t('auto.none')}</p>
        ) : (
          <table className="rt-table">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('auto.name')}</th>
                <th>{t('auto.event')}</th>
                <th>{t('auto.actionsShort')}</th>
                <th>{t('auto.enabled')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.id}>
                  <td>{r.position}</td>
                  <td>
                    {r.name}
                    {r.stopProcessing && <span className="rt-tag">{t('auto.stopShort')}</span>}
                  </td>
                  <td>
                    {t(`auto.event.${r.event}`)}
                    {r.trigger && (
                      <span className="rt-hint"> · {describeTrigger(t, r.event, r.trigger)}</span>
                    )}
                    {r.nextRunAt && (
                      <span className="rt-hint">
                        {' '}
                        · {t('auto.trigger.next', { time: formatDateTime(r.nextRunAt) })}
                      </span>
                    )}
                  </td>
                  <td>{r.actions.map((a) => actionName(t, a.type)).join(t('auto.detail.sep'))}</td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${t('auto.enabled')}: ${r.name}`}
                      checked={r.enabled}
                      onChange={(e) =>
                        act(
                          api('PATCH', `/api/v1/automation/rules/${r.id}`, {
                            enabled: e.target.checked,
                          }),
                        )
                      }
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      onClick={() => act(api('DELETE', `/api/v1/automation/rules/${r.id}`))}
                    >
                      {t('auto.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="rt-card" aria-labelledby="auto-new">
        <h2 id="auto-new">{t('auto.create')}</h2>
        <RuleForm onSaved={load} />
      </section>
      <section className="rt-card" aria-labelledby="auto-audit">
        <h2 id="auto-audit">{t('auto.audit')}</h2>
        {!audit.length ? (
          <p className="rt-hint">{t('auto.noAudit')}</p>
        ) : (
          <table className="rt-table">
            <tbody>
              {audit.map((a) => (
                <tr key={a.id}>
                  <td>{formatDateTime(a.createdAt)}</td>
                  <td>{names.get(a.ruleId) ?? a.ruleId}</td>
                  <td>
                    <span className={`rt-tag ${a.outcome === 'fired' ? 'rt-ok' : 'rt-warn'}`}>
                      {t(`auto.outcome.${a.outcome}`)}
                    </span>
                  </td>
                  <td className="rt-hint">{describeDetail(t, a.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
