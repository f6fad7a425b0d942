import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../lib/api.ts';
import { LOCALES, setLocale, useLocale, useT } from '../lib/i18n.ts';
import { login } from '../lib/session.ts';
import { TwoFactorStep } from './TwoFactorStep.tsx';
import { SsoSignIn } from '../features/sso/SsoSignIn.tsx';

export function Login() {
  const t = useT();
  const locale = useLocale();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [challenge, setChallenge] = useState<string | null>(null); // two-factor: the second step
  const emailInput = useRef<HTMLInputElement>(null);
  // The sign-in page has one job and the email field is its first step: start there (also when
  // coming back from the two-factor step).
  useEffect(() => {
    if (!challenge) emailInput.current?.focus();
  }, [challenge]);

  const errorOf = (err: unknown) => {
    const code = err instanceof ApiError ? err.code : 'network_error';
    return code === 'invalid_credentials' || code === 'unauthorized'
      ? t('login.invalid')
      : code === 'account_locked'
        ? t('login.locked', { minutes: lockMinutes(err), count: lockMinutes(err) })
        : code === 'rate_limited'
          ? t('login.rateLimited')
          : code === 'sso_required'
            ? t('sso.passwordRefused')
            : code === 'network_error'
              ? t('error.network')
              : t('login.failed');
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await login(email.trim(), password);
      if ('challenge' in r) {
        setChallenge(r.challenge);
        setPassword('');
      }
    } catch (err) {
      setError(errorOf(err));
    } finally {
      setBusy(false);
    }
  }

  if (challenge)
    return (
      <main className="login">
        <TwoFactorStep
          challenge={challenge}
          errorOf={errorOf}
          onRestart={(message) => {
            setChallenge(null);
            setError(message ?? null);
          }}
        />
      </main>
    );
  return (
    <main className="login">
      <form onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted" style={{ margin: 0 }}>
          {t('login.subtitle')}
        </p>
        <label>
          {t('login.email')}
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            ref={emailInput}
          />
        </label>
        <label>
          {t('login.password')}
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button className="primary" type="submit" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
        <label style={{ display: 'flex', gap: 8, alignItems: 'center', fontWeight: 400 }}>
          {t('shell.language')}
          <select value={locale} onChange={(e) => setLocale(e.target.value as typeof locale)}>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {t(`locale.${l}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <SsoSignIn email={email} />
    </main>
  );
}

/** Whole minutes until an `account_locked` sign-in may be tried again (from the error's details). */
function lockMinutes(err: unknown): number {
  const s = (err as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds ?? 60;
  return Math.max(1, Math.ceil(s / 60));
}
