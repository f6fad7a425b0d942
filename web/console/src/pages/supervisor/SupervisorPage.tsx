/** Supervisor view: every live conversation (waiting time ticking, emotion, priority) and agents' status and load, live. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api.ts';
import { formatRelative } from '../../lib/format.ts';
import { useT } from '../../lib/i18n.ts';
import { useRealtime } from '../../lib/realtime.ts';
import { BASE, linkHandler } from '../../lib/router.ts';
import { registerStrings } from '../register-strings.ts';
import { ErrorNote, formatDuration, Section } from '../settings/ui.tsx';
import { applyEvent, type Overview } from './live.ts';

registerStrings();
const LONG_WAIT_S = 120; // the default chat first-response target (2 minutes)

export default function SupervisorPage() {
  const t = useT();
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [now, setNow] = useState(Date.now());
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const known = useRef<Set<string>>(new Set());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(async () => {
    try {
      const o = await api<Overview>('GET', '/api/v1/supervisor/overview');
      const ids = new Set(o.conversations.map((c) => c.id));
      if (known.current.size) setFresh(new Set([...ids].filter((id) => !known.current.has(id))));
      known.current = ids;
      setData((prev) => ({ ...o, alerts: prev?.alerts ?? {} }));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  const refetchSoon = useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void load();
    }, 250);
  }, [load]);

  useEffect(() => {
    void load();
    const id = setInterval(() => {
      void load();
    }, 60_000);
    return () => {
      clearInterval(id);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [load]);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const dataRef = useRef<Overview | null>(null);
  dataRef.current = data;
  useRealtime((e) => {
    const s = dataRef.current;
    if (!s) return;
    const r = applyEvent(s, e);
    dataRef.current = r.state;
    if (r.state !== s) setData(r.state);
    if (r.refetch) refetchSoon();
  });

  if (!data)
    return (
      <div className="cb-page">
        <h1>{t('supervisor.title')}</h1>
        <ErrorNote error={error} />
        {!error && <p className="muted">{t('cb.loading')}</p>}
      </div>
    );
  const agentName = (id: string | null) =>
    id ? (data.agents.find((a) => a.id === id)?.name ?? '—') : null;
  const inboxName = (id: string) => data.inboxes.find((i) => i.id === id)?.name ?? '—';
  const teamName = (id: string | null) =>
    id ? (data.teams.find((x) => x.id === id)?.name ?? '—') : '—';
  const waited = (since: string | null) =>
    since ? Math.max(0, (now - Date.parse(since)) / 1000) : null;
  const longest = Math.max(0, ...data.conversations.map((c) => waited(c.waitingSince) ?? 0));
  const unassigned = data.conversations.filter((c) => !c.assigneeId).length;

  return (
    <div className="cb-page" data-testid="supervisor">
      <h1>{t('supervisor.title')}</h1>
      <ErrorNote error={error} />
      <p className="cb-stats" role="status" data-testid="supervisor-summary">
        <span className="cb-chip open">● {t('supervisor.updated')}</span>
        {t('supervisor.summary', {
          live: data.conversations.length,
          unassigned,
          longest: formatDuration(longest),
        })}
      </p>
      <Section title={t('supervisor.live')} id="live-h">
        {data.truncated && <p className="hint">{t('supervisor.truncated')}</p>}
        <div className="cb-scroll">
          <table className="cb-table" data-testid="live-table">
            <thead>
              <tr>
                <th scope="col">{t('supervisor.col.conversation')}</th>
                <th scope="col">{t('supervisor.col.contact')}</th>
                <th scope="col">{t('supervisor.col.status')}</th>
                <th scope="col">{t('supervisor.col.assignee')}</th>
                <th scope="col">{t('supervisor.col.team')}</th>
                <th scope="col">{t('supervisor.col.inbox')}</th>
                <th scope="col">{t('supervisor.col.waiting')}</th>
                <th scope="col">{t('supervisor.col.priority')}</th>
                <th scope="col">{t('supervisor.col.emotion')}</th>
              </tr>
            </thead>
            <tbody>
              {data.conversations.map((c) => {
                const w = waited(c.waitingSince);
                return (
                  <tr
                    key={c.id}
                    className={fresh.has(c.id) ? 'cb-new' : undefined}
                    data-conversation-id={c.id}
                  >
                    <td>
                      <a
                        className="cb-link"
                        href={`${BASE}/c/${c.id}`}
                        onClick={linkHandler(`/c/${c.id}`)}
                      >
                        #{c.displayId}
                      </a>
                      {data.alerts?.[c.id] && (
                        <>
                          {' '}
                          <span
                            className="cb-chip angry"
                            role="img"
                            aria-label={t(`supervisor.alert.${data.alerts[c.id]}`)}
                            data-testid="alert"
                          >
                            ⚠ {t(`supervisor.alert.${data.alerts[c.id]}`)}
                          </span>
                        </>
                      )}
                    </td>
                    <td>{c.contact.name ?? c.contact.email ?? t('supervisor.visitor')}</td>
                    <td>
                      <span className={`cb-chip ${c.status}`}>{t(`status.${c.status}`)}</span>
                    </td>
                    <td>
                      {agentName(c.assigneeId) ?? (
                        <span className="muted">{t('supervisor.unassigned')}</span>
                      )}
                    </td>
                    <td>{teamName(c.teamId)}</td>
                    <td>{inboxName(c.inboxId)}</td>
                    <td>
                      <span
                        className={`cb-wait${w != null && w >= LONG_WAIT_S ? ' long' : ''}`}
                        data-testid="waiting"
                      >
                        {w == null ? t('supervisor.notWaiting') : formatDuration(w)}
                      </span>
                    </td>
                    <td>
                      {c.priority !== 'none' ? (
                        <span className={`cb-chip ${c.priority}`}>{t(`prio.${c.priority}`)}</span>
                      ) : (
                        <span className="muted">{t('prio.none')}</span>
                      )}
                    </td>
                    <td>
                      {c.emotion ? (
                        <span
                          className={`cb-chip ${c.emotion.label}`}
                          title={c.emotion.trend}
                          data-testid="emotion"
                        >
                          {t(`emotion.${c.emotion.label}`)}
                          {c.emotion.label !== 'neutral'
                            ? ` ${Math.round(c.emotion.intensity * 100)}%`
                            : ''}
                        </span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {data.conversations.length === 0 && <p className="muted">{t('cb.empty')}</p>}
        </div>
      </Section>
      <Section title={t('supervisor.agents')} id="agents-load-h">
        <div className="cb-scroll">
          <table className="cb-table" data-testid="agents-load">
            <thead>
              <tr>
                <th scope="col">{t('supervisor.col.agent')}</th>
                <th scope="col">{t('cb.role')}</th>
                <th scope="col">{t('supervisor.col.availability')}</th>
                <th scope="col">{t('supervisor.col.load')}</th>
                <th scope="col">{t('supervisor.col.pending')}</th>
                <th scope="col">{t('supervisor.col.lastActive')}</th>
              </tr>
            </thead>
            <tbody>
              {data.agents.map((a) => (
                <tr key={a.id} data-agent-id={a.id}>
                  <td>{a.name}</td>
                  <td>{t(`role.${a.role}`)}</td>
                  <td>
                    <span className={`dot ${a.availability}`} aria-hidden="true" />{' '}
                    <span data-testid="availability">{t(`avail.${a.availability}`)}</span>
                  </td>
                  <td data-testid="load">{a.openCount}</td>
                  <td>{a.pendingCount}</td>
                  <td>{a.lastActivityAt ? formatRelative(a.lastActivityAt, now) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
    </div>
  );
}
