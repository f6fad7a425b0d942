/**
 * Settings → an email inbox → IMAP (GET/PUT /api/v1/inboxes/:id/imap, POST …/imap/test): the
 * mailbox to read (host, port, security, login with a write-only password, folder), "Test
 * connection" with its outcome in words, and the sync's state, last sync and last error.
 */
import { useEffect, useState } from 'react';
import { api, formatDateTime, useT } from '../../lib/index.ts';
import { Saved, Section, useAction, useLoad } from '../../pages/settings/ui.tsx';
import { Field, fieldErrors, MailError } from './form.tsx';

type Security = 'tls' | 'starttls' | 'none';
interface ImapError {
  code: string;
  message: string;
  detail: string;
}
interface ImapAnswer {
  imap: {
    enabled: boolean;
    host: string;
    port: number;
    security: Security;
    username: string;
    passwordSet: boolean;
    mailbox: string;
    markSeen: boolean;
    importDays: number | null;
  } | null;
  status: {
    state: 'off' | 'connecting' | 'syncing' | 'idle' | 'error';
    lastSyncAt: string | null;
    lastError: (ImapError & { at: string }) | null;
  } | null;
}
type Probe =
  | { ok: true; mailbox: { path: string; messages: number } }
  | { ok: false; error: ImapError };

const EMPTY = {
  enabled: true,
  host: '',
  port: '993',
  security: 'tls' as Security,
  username: '',
  password: '',
  mailbox: 'INBOX',
};

export function ImapSection({ inboxId }: { inboxId: string }) {
  const t = useT();
  const base = `/api/v1/inboxes/${inboxId}/imap`;
  const loaded = useLoad(() => api<ImapAnswer>('GET', base), [inboxId]);
  const s = loaded.data?.imap ?? null;
  const status = loaded.data?.status ?? null;
  const [f, setF] = useState(EMPTY);
  useEffect(() => {
    if (s)
      setF({
        enabled: s.enabled,
        host: s.host,
        port: String(s.port),
        security: s.security,
        username: s.username,
        password: '',
        mailbox: s.mailbox,
      });
  }, [s]);
  const set = (patch: Partial<typeof EMPTY>) => setF((x) => ({ ...x, ...patch }));
  const body = () => ({
    host: f.host.trim(),
    port: Number(f.port) || 0,
    security: f.security,
    username: f.username.trim(),
    ...(f.password ? { password: f.password } : {}),
    mailbox: f.mailbox.trim(),
  });
  const act = useAction();
  const probe = useAction();
  const [result, setResult] = useState<Probe | null>(null);
  const errors = fieldErrors(act.error ?? probe.error);
  const save = () =>
    void act.run(async () => {
      loaded.setData(
        await api<ImapAnswer>('PUT', base, {
          ...body(),
          enabled: f.enabled,
          markSeen: s?.markSeen ?? false,
          importDays: s ? s.importDays : 7,
        }),
      );
    });
  const test = () =>
    void probe.run(async () => {
      setResult(null);
      setResult(await api<Probe>('POST', `${base}/test`, body()));
    });
  const words = (e: ImapError) => {
    const key = `email.code.${e.code}`;
    const w = t(key);
    return w === key ? e.message : w;
  };
  const text = (id: keyof typeof EMPTY, label: string, type = 'text', placeholder?: string) => (
    <Field id={`email-imap-${id}`} label={label} error={errors[id]}>
      {(a) => (
        <input
          {...a}
          type={type}
          autoComplete={type === 'password' ? 'new-password' : 'off'}
          placeholder={placeholder}
          value={String(f[id])}
          onChange={(e) => set({ [id]: e.target.value })}
        />
      )}
    </Field>
  );
  return (
    <Section title={t('email.imap.title')} id="email-imap-h">
      <p className="hint">{t('email.imap.hint')}</p>
      <MailError error={loaded.error} />
      {status && (
        <div className="em-status" data-testid="email-imap-status">
          <span>{t('email.imap.status', { state: t(`email.imap.state.${status.state}`) })}</span>
          <span>
            {status.lastSyncAt
              ? t('email.imap.lastSync', { time: formatDateTime(status.lastSyncAt) })
              : t('email.imap.never')}
          </span>
          {status.lastError && (
            <span className="em-said">
              {t('email.imap.lastError', {
                time: formatDateTime(status.lastError.at),
                error: words(status.lastError),
              })}
            </span>
          )}
        </div>
      )}
      <form
        className="cb-form"
        noValidate
        data-testid="email-imap"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label className="cb-check">
          <input
            type="checkbox"
            checked={f.enabled}
            onChange={(e) => set({ enabled: e.target.checked })}
          />
          {t('email.imap.enabled')}
        </label>
        {text('host', t('email.imap.host'))}
        {text('port', t('email.imap.port'), 'number')}
        <Field id="email-imap-security" label={t('email.imap.security')}>
          {(a) => (
            <select
              {...a}
              value={f.security}
              onChange={(e) => set({ security: e.target.value as Security })}
            >
              <option value="tls">{t('email.imap.sec.tls')}</option>
              <option value="starttls">{t('email.imap.sec.starttls')}</option>
              <option value="none">{t('email.sec.none')}</option>
            </select>
          )}
        </Field>
        {text('username', t('email.imap.user'))}
        {text(
          'password',
          t('email.imap.password'),
          'password',
          s?.passwordSet ? t('email.password.set') : t('email.password.none'),
        )}
        {text('mailbox', t('email.imap.mailbox'))}
        <div className="cb-row">
          <button type="submit" className="primary" disabled={act.busy || !loaded.data}>
            {t('email.save')}
          </button>
          <button type="button" disabled={probe.busy} onClick={test}>
            {probe.busy ? t('email.imap.testing') : t('email.imap.test')}
          </button>
          <Saved show={act.done} />
        </div>
        <MailError error={act.error ?? probe.error} />
        <div aria-live="polite">
          {result?.ok && (
            <p className="em-outcome ok" role="status" data-testid="email-imap-result">
              {t('email.imap.ok', {
                mailbox: result.mailbox.path,
                n: String(result.mailbox.messages),
              })}
            </p>
          )}
          {result && !result.ok && (
            <div className="em-outcome error" role="alert" data-testid="email-imap-result">
              <p>{words(result.error)}</p>
              {result.error.detail && (
                <p className="em-said">{t('email.relaySaid', { response: result.error.detail })}</p>
              )}
            </div>
          )}
        </div>
      </form>
    </Section>
  );
}
