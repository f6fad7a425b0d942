/** The failed (dead) webhook deliveries of an API inbox, newest first, each with Redeliver. */
import { useState } from 'react';
import { api, formatDateTime, useT } from '../../lib/index.ts';
import { ErrorNote, Section, useLoad } from '../../pages/settings/ui.tsx';
import { type Delivery, errorKey } from './types.ts';

type Note = { kind: 'ok' | 'error'; text: string };

export function DeadDeliveries({
  base,
  counts,
  onChanged,
}: {
  base: string;
  counts: { pending: number; dead: number };
  onChanged: () => void;
}) {
  const t = useT();
  const list = useLoad(
    () =>
      api<{ data: Delivery[] }>('GET', `${base}/deliveries?status=dead&limit=50`).then(
        (r) => r.data,
      ),
    [base],
  );
  const [busy, setBusy] = useState<Record<string, boolean>>({});
  const [notes, setNotes] = useState<Record<string, Note>>({});
  const [failed, setFailed] = useState<unknown>(null);
  const reason = (code: string | null) => {
    const { key, vars } = errorKey(code);
    return t(key, vars);
  };

  async function redeliver(d: Delivery) {
    setBusy((b) => ({ ...b, [d.id]: true }));
    setFailed(null);
    try {
      const r = await api<Delivery>('POST', `${base}/deliveries/${d.id}/redeliver`);
      setNotes((n) => ({
        ...n,
        [d.id]:
          r.status === 'delivered'
            ? { kind: 'ok', text: t('apiChannel.delivered') }
            : {
                kind: 'error',
                text: t('apiChannel.stillFailing', { error: reason(r.lastError) }),
              },
      }));
      list.setData((rows) => rows?.map((x) => (x.id === r.id ? r : x)) ?? null);
      onChanged();
    } catch (e) {
      setFailed(e);
    } finally {
      setBusy((b) => ({ ...b, [d.id]: false }));
    }
  }

  const rows = list.data ?? [];
  return (
    <Section title={t('apiChannel.dead')} id="api-dead-h">
      <p className="hint">{t('apiChannel.deadHint')}</p>
      <div className="cb-row">
        <span className="muted" data-testid="api-delivery-counts">
          {t('apiChannel.counts', { pending: String(counts.pending), dead: String(counts.dead) })}
        </span>
        <button
          type="button"
          onClick={() => {
            setNotes({});
            list.reload();
            onChanged();
          }}
        >
          {t('apiChannel.refresh')}
        </button>
      </div>
      <ErrorNote error={list.error ?? failed} />
      {list.data && !rows.length && (
        <p className="muted" data-testid="api-dead-empty">
          {t('apiChannel.empty')}
        </p>
      )}
      <ul className="ac-list">
        {rows.map((d) => (
          <li
            key={d.id}
            className="ac-item"
            data-testid="api-dead-delivery"
            data-id={d.id}
            data-status={d.status}
          >
            <div className="ac-meta">
              <strong>{t(`apiChannel.type.${d.type}`)}</strong>
              <span>{t('apiChannel.created', { time: formatDateTime(d.createdAt) })}</span>
              <span data-testid="api-dead-attempts">
                {t('apiChannel.attempts', { n: String(d.attempts) })}
              </span>
              {d.lastAttemptAt && (
                <span>
                  {t('apiChannel.lastAttempt', { time: formatDateTime(d.lastAttemptAt) })}
                </span>
              )}
            </div>
            <p className="ac-reason" data-testid="api-dead-error">
              {reason(d.lastError)}
            </p>
            <div className="cb-row">
              {d.status === 'dead' && (
                <button
                  type="button"
                  className="primary"
                  disabled={busy[d.id]}
                  onClick={() => void redeliver(d)}
                >
                  {busy[d.id] ? t('apiChannel.redelivering') : t('apiChannel.redeliver')}
                </button>
              )}
              {notes[d.id] && (
                <span
                  className={`ac-note ${notes[d.id].kind}`}
                  role="status"
                  data-testid="api-dead-note"
                >
                  {notes[d.id].text}
                </span>
              )}
            </div>
          </li>
        ))}
      </ul>
    </Section>
  );
}
