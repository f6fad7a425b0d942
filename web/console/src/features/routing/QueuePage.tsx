/** Supervisor view: the live queue (move to front, assign by hand), open alerts (join, take over), agent load. */
import { useCallback, useEffect, useState } from 'react';
import {
  addMessages,
  ApiError,
  formatRelative,
  linkHandler,
  navigate,
  useRealtime,
  useT,
} from '../../lib/index.ts';
import { type AgentLoad, type Alert, errorText, type QueueItem, routingApi } from './api.ts';
import './routing.css';
import { catalogue } from './strings.ts';
import { codeLabel, customerName, formatWaited } from './labels.ts';

addMessages(catalogue);

const QUEUE_EVENTS = new Set([
  'conversation.queued',
  'conversation.dequeued',
  'conversation.assigned',
  'conversation.updated',
  'user.availability_changed',
  'routing.agent_updated',
]);
const ALERT_EVENTS = new Set(['routing.alert_raised', 'routing.alert_answered']);

const atCapacity = (e: unknown) => e instanceof ApiError && e.code === 'agent_at_capacity';

/** Shown after a 409 agent_at_capacity: the reason, and the supervisor's explicit override. */
function ForcePrompt({
  message,
  onForce,
  onCancel,
}: {
  message: string;
  onForce: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  return (
    <div className="rt-row rt-card" role="alert">
      <span className="rt-error">{message}</span>
      <button type="button" onClick={onForce}>
        {t('routing.force')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('routing.cancel')}
      </button>
    </div>
  );
}

function QueueTable({
  items,
  agents,
  names,
  onChange,
  onError,
}: {
  items: QueueItem[];
  agents: AgentLoad[];
  names: Map<string, string>;
  onChange: () => void;
  onError: (m: string) => void;
}) {
  const t = useT();
  const [over, setOver] = useState<{
    conversationId: string;
    assigneeId: string;
    message: string;
  } | null>(null);
  const act = (p: Promise<unknown>) => {
    p.then(onChange, (e: unknown) => onError(errorText(e)));
  };
  const assign = (conversationId: string, assigneeId: string) => {
    setOver(null);
    routingApi.assign(conversationId, assigneeId).then(onChange, (e: unknown) => {
      if (atCapacity(e)) setOver({ conversationId, assigneeId, message: errorText(e) });
      else onError(errorText(e));
    });
  };
  if (!items.length) return <p className="rt-hint">{t('routing.empty')}</p>;
  return (
    <>
      {over && (
        <ForcePrompt
          message={over.message}
          onCancel={() => setOver(null)}
          onForce={() => {
            setOver(null);
            act(routingApi.assign(over.conversationId, over.assigneeId, true));
          }}
        />
      )}
      <table className="rt-table">
        <thead>
          <tr>
            <th>{t('routing.position')}</th>
            <th>{t('routing.customer')}</th>
            <th>{t('routing.lastMessage')}</th>
            <th>{t('routing.waited')}</th>
            <th>{t('routing.wait')}</th>
            <th>{t('routing.flags')}</th>
            <th>{t('routing.reason')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((q) => (
            <tr key={q.conversationId}>
              <td>{q.position}</td>
              <td>
                <a
                  href={`/app/c/${q.conversationId}`}
                  onClick={linkHandler(`/c/${q.conversationId}`)}
                >
                  {customerName(t, q)}
                </a>{' '}
                <span className="rt-tag">{codeLabel(t, 'routing.channel', q.channel)}</span>
              </td>
              <td className="rt-preview">{q.lastMessage ?? '—'}</td>
              <td title={formatRelative(q.enqueuedAt)}>{formatWaited(t, q.waitedSeconds)}</td>
              <td>
                {q.estimatedWaitSeconds == null
                  ? '—'
                  : t('routing.minutes', {
                      n: Math.max(1, Math.round(q.estimatedWaitSeconds / 60)),
                    })}
              </td>
              <td>
                {q.anger >= 0.6 && <span className="rt-tag rt-angry">{t('routing.angry')}</span>}
                {q.emotion && q.emotion !== 'neutral' && q.anger < 0.6 && (
                  <span className="rt-tag">{codeLabel(t, 'routing.emotion', q.emotion)}</span>
                )}
                {q.tier === 'vip' && <span className="rt-tag rt-warn">{t('routing.vip')}</span>}
                {q.pinned && <span className="rt-tag">{t('routing.pinned')}</span>}
                {q.overflow && <span className="rt-tag rt-warn">{t('routing.overflow')}</span>}
                {q.intent && (
                  <span className="rt-tag">{codeLabel(t, 'routing.intent', q.intent)}</span>
                )}
              </td>
              <td>{codeLabel(t, 'routing.why', q.reason)}</td>
              <td className="rt-row">
                <button type="button" onClick={() => act(routingApi.pin(q.conversationId))}>
                  {t('routing.pin')}
                </button>
                <label className="rt-row">
                  <span className="rt-hint">{t('routing.assign')}</span>
                  <select
                    value=""
                    onChange={(e) => {
                      if (e.target.value) assign(q.conversationId, e.target.value);
                    }}
                  >
                    <option value="">{t('routing.choose')}</option>
                    {agents
                      .filter((a) => a.status === 'online')
                      .map((a) => (
                        <option key={a.id} value={a.id}>
                          {names.get(a.id) ?? a.id}
                        </option>
                      ))}
                  </select>
                </label>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function AlertList({ alerts, onError }: { alerts: Alert[]; onError: (m: string) => void }) {
  const t = useT();
  const [over, setOver] = useState<{ alert: Alert; message: string } | null>(null);
  const open = (a: Alert, take: boolean, force = false) => {
    setOver(null);
    (take ? routingApi.takeOver(a.id, force) : routingApi.join(a.id)).then(
      () => navigate(`/c/${a.conversationId}`),
      (e: unknown) => {
        if (take && atCapacity(e)) setOver({ alert: a, message: errorText(e) });
        else onError(errorText(e));
      },
    );
  };
  if (!alerts.length) return <p className="rt-hint">{t('routing.noAlerts')}</p>;
  return (
    <>
      {over && (
        <ForcePrompt
          message={over.message}
          onCancel={() => setOver(null)}
          onForce={() => open(over.alert, true, true)}
        />
      )}
      <ul className="rt-sla">
        {alerts.map((a) => (
          <li key={a.id} className="rt-row">
            <span className={`rt-tag ${a.kind === 'anger' ? 'rt-angry' : 'rt-warn'}`}>
              {t(`routing.alert.${a.kind}`)}
            </span>
            <a href={`/app/c/${a.conversationId}`} onClick={linkHandler(`/c/${a.conversationId}`)}>
              {customerName(t, a)}
            </a>
            {a.lastMessage && <span className="rt-preview">“{a.lastMessage}”</span>}
            <span className="rt-hint">{formatRelative(a.createdAt)}</span>
            {a.answeredAt ? (
              <span className="rt-tag rt-ok">
                {t('routing.answered', { seconds: Math.round((a.responseMs ?? 0) / 1000) })}
              </span>
            ) : (
              <>
                <button type="button" onClick={() => open(a, false)}>
                  {t('routing.join')}
                </button>
                <button type="button" onClick={() => open(a, true)}>
                  {t('routing.takeOver')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

export default function QueuePage() {
  const t = useT();
  const [items, setItems] = useState<QueueItem[]>([]);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [agents, setAgents] = useState<AgentLoad[]>([]);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const loadQueue = useCallback(() => {
    routingApi.queue().then(
      (r) => setItems(r.data),
      (e: unknown) => setError(errorText(e)),
    );
    routingApi.agents().then(
      (r) => setAgents(r.data),
      () => {},
    );
  }, []);
  const loadAlerts = useCallback(() => {
    routingApi.alerts().then(
      (r) => setAlerts(r.data),
      (e: Error) => setError(e.message),
    );
  }, []);
  useEffect(() => {
    loadQueue();
    loadAlerts();
    routingApi.users().then(
      (r) => setNames(new Map(r.data.map((u) => [u.id, u.name]))),
      () => {},
    );
    const timer = setInterval(loadQueue, 30_000); // aging and estimates move with time
    return () => clearInterval(timer);
  }, [loadQueue, loadAlerts]);
  useRealtime((e) => {
    if (QUEUE_EVENTS.has(e.type)) loadQueue();
    if (ALERT_EVENTS.has(e.type)) loadAlerts();
  });
  return (
    <div className="rt-page">
      <h1>{t('routing.title')}</h1>
      {error && (
        <p className="rt-error" role="alert">
          {t('routing.error', { message: error })}
        </p>
      )}
      <section className="rt-card" aria-labelledby="rt-alerts">
        <h2 id="rt-alerts">{t('routing.alerts')}</h2>
        <AlertList alerts={alerts} onError={setError} />
      </section>
      <section className="rt-card" aria-labelledby="rt-queue">
        <h2 id="rt-queue">
          {t('routing.queue')} ({items.length})
        </h2>
        <QueueTable
          items={items}
          agents={agents}
          names={names}
          onChange={loadQueue}
          onError={setError}
        />
      </section>
      <section className="rt-card" aria-labelledby="rt-agents">
        <h2 id="rt-agents">{t('routing.agents')}</h2>
        <ul className="rt-row">
          {agents
            .filter((a) => a.status !== 'offline')
            .map((a) => {
              const load = Object.values(a.load).reduce((s, n) => s + n, 0);
              return (
                <li key={a.id} className="rt-tag">
                  {names.get(a.id) ?? a.id} · {codeLabel(t, 'routing.status', a.status)} ·{' '}
                  {t('routing.load', {
                    load,
                    capacity: a.capacity.web_widget ?? a.capacity['*'] ?? 0,
                  })}
                </li>
              );
            })}
        </ul>
      </section>
    </div>
  );
}
