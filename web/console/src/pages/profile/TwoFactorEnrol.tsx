/**
 * Two-factor enrolment (POST /api/v1/me/2fa/setup, then /enable with a first code), used by the
 * profile page and by the enrolment screen an account can require; and the one-time display of
 * recovery codes. Strings: two-factor.strings.ts (`tfa.`).
 */
import { useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { addMessages, useT } from '../../lib/i18n.ts';
import { CopyButton, errorText } from '../settings/ui.tsx';
import { catalogue } from './two-factor.strings.ts';

addMessages(catalogue);

/** The people's text for a failed two-factor call. */
export function tfaError(t: (k: string) => string, err: unknown): string {
  const code = err instanceof ApiError ? err.code : null;
  if (code === 'invalid_two_factor_code') return t('tfa.invalid');
  if (code === 'invalid_credentials') return t('tfa.wrongPassword');
  if (code === 'network_error') return t('error.network');
  return errorText(err);
}

/** `intro`: shown above the flow until the recovery codes appear. */
export function TwoFactorEnrol({ onDone, intro }: { onDone: () => void; intro?: string }) {
  const t = useT();
  const [setup, setSetup] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(tfaError(t, err));
    } finally {
      setBusy(false);
    }
  };

  if (codes) return <RecoveryCodes codes={codes} onDone={onDone} />;
  const hint = intro && (
    <p className="hint" style={{ margin: 0 }}>
      {intro}
    </p>
  );
  if (!setup)
    return (
      <div className="cb-form">
        {hint}
        <button
          type="button"
          className="primary"
          disabled={busy}
          data-testid="tfa-start"
          onClick={() => void run(async () => setSetup(await api('POST', '/api/v1/me/2fa/setup')))}
        >
          {t('tfa.start')}
        </button>
        <Problem text={error} />
      </div>
    );
  return (
    <form
      className="cb-form"
      data-testid="tfa-enrol"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          const r = await api<{ recoveryCodes: string[] }>('POST', '/api/v1/me/2fa/enable', {
            code: code.replace(/\s/g, ''),
          });
          setCodes(r.recoveryCodes);
        });
      }}
    >
      {hint}
      <p style={{ margin: 0 }}>{t('tfa.step1')}</p>
      <p style={{ margin: 0 }}>
        <a href={setup.otpauthUri} data-testid="tfa-uri">
          {t('tfa.openInApp')}
        </a>
      </p>
      <div className="cb-field">
        <span>{t('tfa.secret')}</span>
        <div className="cb-row">
          <code className="cb-code" style={{ flex: 1, letterSpacing: 1 }} data-testid="tfa-secret">
            {setup.secret.replace(/(.{4})/g, '$1 ').trim()}
          </code>
          <CopyButton text={setup.secret} label={t('tfa.secret')} />
        </div>
      </div>
      <details>
        <summary>{t('tfa.uri')}</summary>
        <code className="cb-code">{setup.otpauthUri}</code>
      </details>
      <p style={{ margin: 0 }}>{t('tfa.step2')}</p>
      <label>
        {t('tfa.code')}
        <input
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]{6,7}"
          maxLength={7}
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
          data-testid="tfa-code"
        />
      </label>
      <button type="submit" className="primary" disabled={busy} data-testid="tfa-confirm">
        {t('tfa.confirm')}
      </button>
      <Problem text={error} />
    </form>
  );
}

/** Recovery codes, shown once: copy, download, then "saved". */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const t = useT();
  const text = codes.join('\n');
  const download = () => {
    const url = URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'kefu-recovery-codes.txt';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div className="cb-form" role="status" data-testid="tfa-recovery-codes">
      <strong>{t('tfa.codesTitle')}</strong>
      <p style={{ margin: 0 }}>{t('tfa.codesIntro')}</p>
      <ul
        className="cb-code"
        style={{ listStyle: 'none', columns: 2, padding: 8 }}
        aria-label={t('tfa.codesTitle')}
      >
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="cb-row">
        <CopyButton text={text} label={t('tfa.codesTitle')} />
        <button type="button" onClick={download}>
          {t('tfa.download')}
        </button>
        <button type="button" className="primary" onClick={onDone} data-testid="tfa-codes-done">
          {t('tfa.codesDone')}
        </button>
      </div>
    </div>
  );
}

export function Problem({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p className="cb-error" role="alert">
      {text}
    </p>
  );
}
