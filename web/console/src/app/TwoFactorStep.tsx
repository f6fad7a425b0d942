/** The sign-in page's second step: a code from the authenticator app, or a recovery code. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../lib/api.ts';
import { addMessages, useT } from '../lib/i18n.ts';
import { loginSecondStep } from '../lib/session.ts';
import { catalogue } from './login-2fa.strings.ts';

addMessages(catalogue);

export function TwoFactorStep({
  challenge,
  onRestart,
  errorOf,
}: {
  challenge: string;
  /** Back to the password step (also when the challenge ran out). */
  onRestart: (message?: string) => void;
  /** The sign-in page's text for other errors (locked, rate limited, network). */
  errorOf: (err: unknown) => string;
}) {
  const t = useT();
  const [recovery, setRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  // This step replaces the password form (whose submit button had focus), and switching between
  // code and recovery code swaps the field: put focus in the one field there is to fill.
  useEffect(() => {
    input.current?.focus();
  }, [recovery]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await loginSecondStep(
        challenge,
        recovery ? { recoveryCode: value.trim() } : { code: value.replace(/\s/g, '') },
      );
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'network_error';
      if (code === 'challenge_expired') return onRestart(t('login.tfa.expired'));
      setError(
        code === 'invalid_two_factor_code' || code === 'invalid_request'
          ? t('login.tfa.invalid')
          : errorOf(err),
      );
      setValue('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby="tfa-title" data-testid="login-2fa">
      <h1 id="tfa-title">{t('login.tfa.title')}</h1>
      <p className="muted" style={{ margin: 0 }}>
        {recovery ? t('login.tfa.introRecovery') : t('login.tfa.intro')}
      </p>
      <label htmlFor="login-2fa-input">
        {recovery ? t('login.tfa.recoveryCode') : t('login.tfa.code')}
        {recovery ? (
          <input
            key="recovery"
            id="login-2fa-input"
            name="recoveryCode"
            autoComplete="off"
            spellCheck={false}
            required
            maxLength={30}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            ref={input}
            data-testid="login-2fa-recovery"
          />
        ) : (
          <input
            key="code"
            id="login-2fa-input"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]{6,7}"
            required
            maxLength={7}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            ref={input}
            data-testid="login-2fa-code"
          />
        )}
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button className="primary" type="submit" disabled={busy} data-testid="login-2fa-submit">
        {busy ? t('login.tfa.checking') : t('login.tfa.submit')}
      </button>
      <button
        type="button"
        onClick={() => {
          setRecovery(!recovery);
          setValue('');
          setError(null);
        }}
        data-testid="login-2fa-toggle"
      >
        {recovery ? t('login.tfa.useCode') : t('login.tfa.useRecovery')}
      </button>
      <button type="button" onClick={() => onRestart()}>
        {t('login.tfa.back')}
      </button>
    </form>
  );
}
