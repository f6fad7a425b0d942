/** The profile page's two-step verification: set up, new recovery codes, turn off. */
import { useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { loadMe } from '../../lib/session.ts';
import { Section, useLoad } from '../settings/ui.tsx';
import { Problem, RecoveryCodes, TwoFactorEnrol, tfaError } from './TwoFactorEnrol.tsx';

interface Status {
  enabled: boolean;
  pending: boolean;
  recoveryCodesLeft: number;
  required: boolean;
}

export function TwoFactorSection() {
  const t = useT();
  const status = useLoad(() => api<Status>('GET', '/api/v1/me/2fa'));
  const [codes, setCodes] = useState<string[] | null>(null);
  const [off, setOff] = useState(false);
  const done = () => {
    setCodes(null);
    status.reload();
    void loadMe();
  };
  const s = status.data;
  return (
    <Section title={t('tfa.title')} id="tfa-h">
      <Problem text={status.error ? tfaError(t, status.error) : null} />
      {off && !s?.enabled && (
        <p role="status" className="cb-saved">
          {t('tfa.disabled')}
        </p>
      )}
      {s && !s.enabled && <TwoFactorEnrol intro={t('tfa.off')} onDone={done} />}
      {s?.enabled && codes && <RecoveryCodes codes={codes} onDone={done} />}
      {s?.enabled && !codes && (
        <>
          <p style={{ margin: 0 }} data-testid="tfa-status">
            {t('tfa.on', { count: s.recoveryCodesLeft })}
          </p>
          <CodeForm
            id="tfa-regen"
            label={t('tfa.regenerate')}
            hint={t('tfa.regenerateHint')}
            onSubmit={async (code) => {
              const r = await api<{ recoveryCodes: string[] }>(
                'POST',
                '/api/v1/me/2fa/recovery-codes',
                { code },
              );
              setCodes(r.recoveryCodes);
            }}
          />
          {s.required ? (
            <p className="hint">{t('tfa.requiredCannotDisable')}</p>
          ) : (
            <CodeForm
              id="tfa-disable"
              label={t('tfa.disable')}
              withPassword
              danger
              onSubmit={async (code, password) => {
                await api('POST', '/api/v1/me/2fa/disable', { code, password });
                setOff(true);
                done();
              }}
            />
          )}
        </>
      )}
    </Section>
  );
}

/** A code (and optionally the password) behind a disclosure, then the action. */
function CodeForm(props: {
  id: string;
  label: string;
  hint?: string;
  withPassword?: boolean;
  danger?: boolean;
  onSubmit: (code: string, password: string) => Promise<void>;
}) {
  const t = useT();
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <details data-testid={props.id}>
      <summary>{props.label}</summary>
      <form
        className="cb-form"
        style={{ marginTop: 8 }}
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          props
            .onSubmit(code.trim(), password)
            .catch((err) =>
              setError(
                err instanceof ApiError && err.code === 'two_factor_required'
                  ? t('tfa.requiredCannotDisable')
                  : tfaError(t, err),
              ),
            )
            .finally(() => {
              setBusy(false);
              setCode('');
            });
        }}
      >
        {props.hint && <p className="hint">{props.hint}</p>}
        {props.withPassword && (
          <label>
            {t('tfa.password')}
            <input
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
        )}
        <label>
          {props.withPassword ? t('tfa.codeOrRecovery') : t('tfa.code')}
          <input
            autoComplete="one-time-code"
            required
            maxLength={30}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
        </label>
        <button type="submit" className={props.danger ? 'danger' : undefined} disabled={busy}>
          {props.label}
        </button>
        <Problem text={error} />
      </form>
    </details>
  );
}
