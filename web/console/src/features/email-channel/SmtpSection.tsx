/**
 * Settings → an email inbox → Sending (GET/PUT /api/v1/inboxes/:id/email/smtp): the relay's host,
 * port, security, login (the password is write-only: "set", or replace it), the sender, optional
 * DKIM (the key write-only too) and quoting; then "Send test mail" with its outcome in words.
 */
import { useEffect, useState } from 'react';
import { api, useT } from '../../lib/index.ts';
import { Saved, Section, useAction, useLoad } from '../../pages/settings/ui.tsx';
import { Field, fieldErrors, MailError } from './form.tsx';
import { TestMail } from './TestMail.tsx';

type Security = 'tls' | 'starttls' | 'none';
export interface Smtp {
  host: string;
  port: number;
  security: Security;
  username: string | null;
  passwordSet: boolean;
  fromAddress: string;
  fromName: string | null;
  dkim: { domain: string; selector: string; keySet: boolean } | null;
  quoteHistory: boolean;
}

const EMPTY = {
  host: '',
  port: '587',
  security: 'starttls' as Security,
  username: '',
  password: '',
  fromAddress: '',
  fromName: '',
  dkimOn: false,
  dkimDomain: '',
  dkimSelector: '',
  dkimKey: '',
  quoteHistory: true,
};

const formOf = (s: Smtp): typeof EMPTY => ({
  host: s.host,
  port: String(s.port),
  security: s.security,
  username: s.username ?? '',
  password: '',
  fromAddress: s.fromAddress,
  fromName: s.fromName ?? '',
  dkimOn: !!s.dkim,
  dkimDomain: s.dkim?.domain ?? '',
  dkimSelector: s.dkim?.selector ?? '',
  dkimKey: '',
  quoteHistory: s.quoteHistory,
});

export function SmtpSection({ inboxId }: { inboxId: string }) {
  const t = useT();
  const base = `/api/v1/inboxes/${inboxId}/email/smtp`;
  const loaded = useLoad(() => api<{ smtp: Smtp | null }>('GET', base), [inboxId]);
  const s = loaded.data?.smtp ?? null;
  const [f, setF] = useState(EMPTY);
  useEffect(() => {
    if (s) setF(formOf(s));
  }, [s]);
  const act = useAction();
  const errors = fieldErrors(act.error);
  const set = (patch: Partial<typeof EMPTY>) => setF((x) => ({ ...x, ...patch }));
  const save = () =>
    void act.run(async () => {
      const r = await api<{ smtp: Smtp | null }>('PUT', base, {
        host: f.host.trim(),
        port: Number(f.port) || 0,
        security: f.security,
        username: f.username.trim() || null,
        ...(f.password ? { password: f.password } : {}),
        fromAddress: f.fromAddress.trim(),
        fromName: f.fromName.trim() || null,
        dkim: f.dkimOn
          ? {
              domain: f.dkimDomain.trim(),
              selector: f.dkimSelector.trim(),
              ...(f.dkimKey.trim() ? { privateKey: f.dkimKey } : {}),
            }
          : null,
        quoteHistory: f.quoteHistory,
      });
      loaded.setData(r);
    });
  const text = (
    id: keyof typeof EMPTY,
    label: string,
    error: string | undefined,
    type = 'text',
    placeholder?: string,
  ) => (
    <Field id={`email-smtp-${id}`} label={label} error={error}>
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
    <Section title={t('email.out.title')} id="email-smtp-h">
      <p className="hint">{t('email.out.hint')}</p>
      <MailError error={loaded.error} />
      {loaded.data && !s && (
        <p className="muted" data-testid="email-smtp-none">
          {t('email.out.none')}
        </p>
      )}
      <form
        className="cb-form"
        noValidate
        data-testid="email-smtp"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        {text('host', t('email.out.host'), errors.host)}
        {text('port', t('email.out.port'), errors.port, 'number')}
        <Field id="email-smtp-security" label={t('email.out.security')}>
          {(a) => (
            <select
              {...a}
              value={f.security}
              onChange={(e) => set({ security: e.target.value as Security })}
            >
              <option value="tls">{t('email.sec.tls')}</option>
              <option value="starttls">{t('email.sec.starttls')}</option>
              <option value="none">{t('email.sec.none')}</option>
            </select>
          )}
        </Field>
        {text('username', t('email.out.user'), errors.username)}
        {text(
          'password',
          t('email.out.password'),
          errors.password,
          'password',
          s?.passwordSet ? t('email.password.set') : t('email.password.none'),
        )}
        {text('fromAddress', t('email.out.from'), errors.fromAddress, 'email')}
        {text('fromName', t('email.out.fromName'), errors.fromName)}
        <label className="cb-check">
          <input
            type="checkbox"
            checked={f.quoteHistory}
            onChange={(e) => set({ quoteHistory: e.target.checked })}
          />
          {t('email.out.quote')}
        </label>
        <label className="cb-check">
          <input
            type="checkbox"
            checked={f.dkimOn}
            onChange={(e) => set({ dkimOn: e.target.checked })}
          />
          {t('email.out.dkim')}
        </label>
        {f.dkimOn && (
          <>
            {text('dkimDomain', t('email.out.dkimDomain'), errors['dkim.domain'])}
            {text('dkimSelector', t('email.out.dkimSelector'), errors['dkim.selector'])}
            <Field
              id="email-smtp-dkimKey"
              label={t('email.out.dkimKey')}
              error={errors['dkim.privateKey']}
            >
              {(a) => (
                <textarea
                  {...a}
                  rows={3}
                  spellCheck={false}
                  placeholder={s?.dkim?.keySet ? t('email.out.dkimKeySet') : ''}
                  value={f.dkimKey}
                  onChange={(e) => set({ dkimKey: e.target.value })}
                />
              )}
            </Field>
          </>
        )}
        <div className="cb-row">
          <button type="submit" className="primary" disabled={act.busy || !loaded.data}>
            {t('email.save')}
          </button>
          <Saved show={act.done} />
        </div>
        <MailError error={act.error} testId="email-smtp-error" />
      </form>
      <TestMail inboxId={inboxId} configured={!!s} />
    </Section>
  );
}
