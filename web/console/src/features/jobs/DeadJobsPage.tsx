/**
 * /app/jobs (admins): the dead-letter list — background work that kept failing, newest first, with
 * its error; Retry runs it again now (success removes the row, failure shows the new error),
 * Discard (confirmed) drops it. Paged with "load more" through `nextBefore`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { addMessages, api, ApiError, formatDateTime, useT } from '../../lib/index.ts';
import '../../pages/settings/ui.css';
import './jobs.css';
import { catalogue, processorLabel } from './strings.ts';

addMessages(catalogue);

interface DeadJob {
  id: string;
  processor: string;
  eventId: number;
  eventType: string;
  error: string;
  attempts: number;
  firstFailedAt: string;
  failedAt: string;
}
interface Page {
  data: DeadJob[];
  nextBefore: string | null;
}
type RetryResult = { status: 'completed' } | { status: 'failed'; error: string };
type Note = { kind: 'ok' | 'error'; text: string } | null;

const PAGE_SIZE = 25;

const describe = (e: unknown) =>
  e instanceof ApiError || e instanceof Error ? e.message : String(e);

export default function DeadJobsPage() {
  const t = useT();
  const [jobs, setJobs] = useState<DeadJob[] | null>(null);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState<Record<string, boolean>>({});
  const [rowNote, setRowNote] = useState<Record<string, string>>({});
  const [confirm, setConfirm] = useState<DeadJob | null>(null);
  const generation = useRef(0);
  const cancelButton = useRef<HTMLButtonElement>(null);
  // The discard confirmation starts on Cancel, the safe answer to a destructive question, and
  // Escape anywhere while it is open backs out.
  const confirming = !!confirm;
  useEffect(() => {
    if (!confirming) return;
    cancelButton.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setConfirm(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [confirming]);

  const load = useCallback(
    async (before: string | null) => {
      const gen = before ? generation.current : ++generation.current;
      setLoading(true);
      setError(null);
      try {
        const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
        if (before) q.set('before', before);
        const page = await api<Page>('GET', `/api/v1/dead-jobs?${q}`);
        if (gen !== generation.current) return; // a refresh started meanwhile
        setJobs((prev) => {
          if (!before || !prev) return page.data;
          const seen = new Set(prev.map((j) => j.id));
          return [...prev, ...page.data.filter((j) => !seen.has(j.id))];
        });
        setNextBefore(page.nextBefore);
      } catch (e) {
        if (gen === generation.current) setError(t('jobs.failedAction', { message: describe(e) }));
      } finally {
        if (gen === generation.current) setLoading(false);
      }
    },
    [t],
  );

  useEffect(() => {
    void load(null);
  }, [load]);
  // Every shown row was retried or discarded but older pages exist: fetch them rather than claim "none".
  useEffect(() => {
    if (jobs && !jobs.length && nextBefore && !loading) void load(null);
  }, [jobs, nextBefore, loading, load]);

  const label = (j: DeadJob) => processorLabel(t, j.processor) ?? j.processor;
  const drop = (id: string) => setJobs((prev) => prev?.filter((j) => j.id !== id) ?? prev);
  const setRowBusy = (id: string, v: boolean) => setBusy((b) => ({ ...b, [id]: v }));
  const setNoteFor = (id: string, text: string | null) =>
    setRowNote((n) => {
      const c = { ...n };
      if (text) c[id] = text;
      else delete c[id];
      return c;
    });

  async function retry(j: DeadJob) {
    setRowBusy(j.id, true);
    setNote(null);
    setNoteFor(j.id, null);
    try {
      const r = await api<RetryResult>('POST', `/api/v1/dead-jobs/${j.id}/retry`);
      if (r.status === 'completed') {
        drop(j.id);
        setNote({
          kind: 'ok',
          text: t('jobs.retryOk', { processor: label(j), event: j.eventType }),
        });
      } else {
        // The server counted one more attempt and stored the new error (see DeadJobs.record).
        const attempts = j.attempts + 1;
        setJobs(
          (prev) =>
            prev?.map((x) =>
              x.id === j.id
                ? { ...x, error: r.error, attempts, failedAt: new Date().toISOString() }
                : x,
            ) ?? prev,
        );
        setNoteFor(j.id, t('jobs.retryFailed', { n: attempts }));
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        drop(j.id);
        setNote({ kind: 'error', text: t('jobs.gone') });
      } else setNoteFor(j.id, t('jobs.failedAction', { message: describe(e) }));
    } finally {
      setRowBusy(j.id, false);
    }
  }

  async function discard(j: DeadJob) {
    setConfirm(null);
    setRowBusy(j.id, true);
    setNote(null);
    setNoteFor(j.id, null);
    try {
      await api('DELETE', `/api/v1/dead-jobs/${j.id}`);
      drop(j.id);
      setNote({
        kind: 'ok',
        text: t('jobs.discarded', { processor: label(j), event: j.eventType }),
      });
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        drop(j.id);
        setNote({ kind: 'error', text: t('jobs.gone') });
      } else setNoteFor(j.id, t('jobs.failedAction', { message: describe(e) }));
    } finally {
      setRowBusy(j.id, false);
    }
  }

  return (
    <div className="cb-page">
      <h1>{t('jobs.title')}</h1>
      <section className="cb-section" aria-labelledby="jobs-list-h">
        <div className="dj-head">
          <h2 id="jobs-list-h">{t('jobs.list')}</h2>
          <button
            type="button"
            onClick={() => {
              setNote(null);
              void load(null);
            }}
            disabled={loading}
          >
            {t('jobs.refresh')}
          </button>
        </div>
        <p className="hint">{t('jobs.hint')}</p>
        <p
          role="status"
          aria-live="polite"
          className={`dj-note ${note?.kind ?? ''}`}
          data-testid="jobs-note"
        >
          {note?.text ?? ''}
        </p>
        {error && (
          <p className="cb-error" role="alert">
            {error}
          </p>
        )}
        {jobs === null ? (
          !error && <p className="muted">{t('jobs.loading')}</p>
        ) : !jobs.length ? (
          <div className="dj-empty" data-testid="jobs-empty">
            <span className="dj-empty-mark" aria-hidden="true">
              ✓
            </span>
            <div>
              <strong>{t('jobs.empty')}</strong>
              <p className="hint">{t('jobs.emptyHint')}</p>
            </div>
          </div>
        ) : (
          <ul className="dj-list" aria-labelledby="jobs-list-h">
            {jobs.map((j) => {
              const human = processorLabel(t, j.processor);
              const titleId = `dj-${j.id}`;
              return (
                <li
                  key={j.id}
                  className="dj-item"
                  data-testid="dead-job"
                  data-id={j.id}
                  aria-labelledby={titleId}
                >
                  <div className="dj-meta">
                    <h3 id={titleId} className="dj-title">
                      {human ?? <code>{j.processor}</code>}
                      {human && <code className="dj-raw">{j.processor}</code>}
                    </h3>
                    <span className="cb-chip" title={t('jobs.event')}>
                      <span className="sr-only">{t('jobs.event')}: </span>
                      <code>{j.eventType}</code> · #{j.eventId}
                    </span>
                    <span className="cb-chip dj-attempts" data-testid="dead-job-attempts">
                      {t('jobs.attempts', { n: j.attempts })}
                    </span>
                    <span
                      className="muted dj-time"
                      title={t('jobs.firstFailed', { time: formatDateTime(j.firstFailedAt) })}
                    >
                      <time dateTime={j.failedAt}>
                        {t('jobs.lastFailed', { time: formatDateTime(j.failedAt) })}
                      </time>
                    </span>
                  </div>
                  <figure className="dj-error-figure">
                    <figcaption className="sr-only">{t('jobs.error')}</figcaption>
                    <pre className="cb-code dj-error" data-testid="dead-job-error">
                      {j.error}
                    </pre>
                  </figure>
                  <div className="dj-actions">
                    <button
                      type="button"
                      className="primary"
                      disabled={busy[j.id]}
                      onClick={() => {
                        void retry(j);
                      }}
                      aria-label={`${t('jobs.retry')}: ${label(j)} #${j.eventId}`}
                    >
                      {busy[j.id] ? t('jobs.retrying') : t('jobs.retry')}
                    </button>
                    <button
                      type="button"
                      className="danger"
                      disabled={busy[j.id]}
                      onClick={() => setConfirm(j)}
                      aria-label={`${t('jobs.discard')}: ${label(j)} #${j.eventId}`}
                    >
                      {t('jobs.discard')}
                    </button>
                    {rowNote[j.id] && (
                      <span
                        className="cb-error dj-row-note"
                        role="status"
                        data-testid="dead-job-note"
                      >
                        {rowNote[j.id]}
                      </span>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        {jobs !== null && nextBefore && (
          <div>
            <button
              type="button"
              disabled={loading}
              onClick={() => {
                void load(nextBefore);
              }}
            >
              {loading ? t('jobs.loading') : t('jobs.loadMore')}
            </button>
          </div>
        )}
      </section>
      {confirm && (
        <div className="dialog-backdrop" role="presentation">
          <div
            className="dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby="dj-confirm-h"
            aria-describedby="dj-confirm-text"
          >
            <h2 id="dj-confirm-h">{t('jobs.discardTitle')}</h2>
            <p id="dj-confirm-text">
              {t('jobs.discardText', {
                processor: label(confirm),
                event: confirm.eventType,
                id: confirm.eventId,
              })}
            </p>
            <div className="actions">
              <button type="button" onClick={() => setConfirm(null)} ref={cancelButton}>
                {t('jobs.cancel')}
              </button>
              <button
                type="button"
                className="primary dj-danger"
                onClick={() => {
                  void discard(confirm);
                }}
              >
                {t('jobs.discardConfirm')}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
