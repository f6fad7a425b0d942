/**
 * Settings → an email inbox → Failed mail: incoming mail that could not be stored
 * (GET /api/v1/inboxes/:id/email/failures, Retry ingests it again) and this inbox's outgoing mail
 * that failed or bounced (GET /api/v1/email/outbox?state=…, Retry sends it again), in words.
 */
import { useState } from 'react';
import { api, formatDateTime, useT } from '../../lib/index.ts';
import { Section, useLoad } from '../../pages/settings/ui.tsx';
import { errorWords, MailError } from './form.tsx';

interface Inbound {
  id: string;
  code: string;
  attempts: number;
  source: 'smtp' | 'imap' | 'webhook';
  lastError: string | null;
  updatedAt: string;
}
interface Outbound {
  id: string;
  inboxId: string;
  state: string;
  recipient: string;
  attempts: number;
  code: string | null;
  smtpResponse: string | null;
  updatedAt: string;
}
type Note = { kind: 'ok' | 'error'; text: string };

export function FailedMail({ inboxId }: { inboxId: string }) {
  const t = useT();
  const inbound = useLoad(
    () =>
      api<{ failures: Inbound[] }>('GET', `/api/v1/inboxes/${inboxId}/email/failures`).then(
        (r) => r.failures,
      ),
    [inboxId],
  );
  const outbound = useLoad(async () => {
    const states = await Promise.all(
      ['failed', 'bounced'].map((s) =>
        api<{ data: Outbound[] }>('GET', `/api/v1/email/outbox?state=${s}&limit=100`),
      ),
    );
    return states
      .flatMap((r) => r.data)
      .filter((m) => m.inboxId === inboxId)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }, [inboxId]);
  const [busy, setBusy] = useState<Record<string, boolean>>({});
  const [notes, setNotes] = useState<Record<string, Note>>({});

  async function retry(id: string, path: string, ok: string) {
    setBusy((b) => ({ ...b, [id]: true }));
    try {
      await api('POST', path);
      setNotes((n) => ({ ...n, [id]: { kind: 'ok', text: ok } }));
    } catch (e) {
      setNotes((n) => ({ ...n, [id]: { kind: 'error', text: errorWords(e) } }));
    } finally {
      setBusy((b) => ({ ...b, [id]: false }));
    }
  }
  const codeWords = (code: string | null) => {
    const key = `email.code.${code ?? 'unknown'}`;
    const w = t(key);
    return w === key ? t('email.code.unknown') : w;
  };
  /** Retry; once it worked the row stays with its note (Refresh drops it) and the button goes. */
  const retryButton = (id: string, path: string, ok: string) => (
    <div className="cb-row">
      {notes[id]?.kind !== 'ok' && (
        <button
          type="button"
          className="primary"
          disabled={busy[id]}
          onClick={() => void retry(id, path, ok)}
        >
          {busy[id] ? t('email.retrying') : t('email.retry')}
        </button>
      )}
      {notes[id] && (
        <span className={`em-note ${notes[id].kind}`} role="status" data-testid="email-retry-note">
          {notes[id].text}
        </span>
      )}
    </div>
  );
  return (
    <Section title={t('email.failed.title')} id="email-failed-h">
      <p className="hint">{t('email.failed.hint')}</p>
      <div className="cb-row">
        <button
          type="button"
          onClick={() => {
            setNotes({});
            inbound.reload();
            outbound.reload();
          }}
        >
          {t('email.refresh')}
        </button>
      </div>
      <h3>{t('email.failed.inbound')}</h3>
      <MailError error={inbound.error} />
      {inbound.data && !inbound.data.length && <p className="muted">{t('email.failed.noneIn')}</p>}
      <ul className="em-list">
        {(inbound.data ?? []).map((f) => (
          <li key={f.id} className="em-item" data-testid="email-failed-in">
            <div className="em-meta">
              <strong>{t(`email.failed.source.${f.source}`)}</strong>
              <span>{formatDateTime(f.updatedAt)}</span>
              <span>{t('email.failed.attempts', { n: String(f.attempts) })}</span>
              <span>
                {f.code === 'email_ingest_attempts_exhausted'
                  ? t('email.failed.exhausted')
                  : t('email.failed.retrying')}
              </span>
            </div>
            <p className="em-reason">{codeWords(f.code)}</p>
            {f.lastError && (
              <p className="em-said">{t('email.relaySaid', { response: f.lastError })}</p>
            )}
            {retryButton(
              f.id,
              `/api/v1/inboxes/${inboxId}/email/failures/${f.id}/retry`,
              t('email.retried'),
            )}
          </li>
        ))}
      </ul>
      <h3>{t('email.failed.outbound')}</h3>
      <MailError error={outbound.error} />
      {outbound.data && !outbound.data.length && (
        <p className="muted" data-testid="email-failed-out-empty">
          {t('email.failed.noneOut')}
        </p>
      )}
      <ul className="em-list">
        {(outbound.data ?? []).map((m) => (
          <li key={m.id} className="em-item" data-testid="email-failed-out" data-id={m.id}>
            <div className="em-meta">
              <strong>
                {m.state === 'bounced' ? t('email.failed.bounced') : t('email.failed.failed')}
              </strong>
              <span>{t('email.failed.to', { address: m.recipient })}</span>
              <span>{formatDateTime(m.updatedAt)}</span>
              <span>{t('email.failed.attempts', { n: String(m.attempts) })}</span>
            </div>
            <p className="em-reason" data-testid="email-failed-out-reason">
              {codeWords(m.code)}
            </p>
            {m.smtpResponse && (
              <p className="em-said">{t('email.relaySaid', { response: m.smtpResponse })}</p>
            )}
            {retryButton(m.id, `/api/v1/email/outbox/${m.id}/retry`, t('email.requeued'))}
          </li>
        ))}
      </ul>
    </Section>
  );
}
