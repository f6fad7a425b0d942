/**
 * The sign-in page's single sign-on card: "Sign in with SSO" opens a work-email field; continuing
 * sends the browser to GET /api/v1/sso/start, which redirects to the account's identity provider.
 * A failed sign-in comes back as /app/login?sso_error=<code>, shown here in the reader's language.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { addMessages, useT } from '../../lib/index.ts';
import { catalogue, ssoErrorKey } from './strings.ts';
import './sso.css';

addMessages(catalogue);

function errorFromUrl(): string | null {
  try {
    return new URLSearchParams(window.location.search).get('sso_error');
  } catch {
    return null;
  }
}

export function SsoSignIn({ email: typedEmail }: { email: string }) {
  const t = useT();
  const [error] = useState(errorFromUrl);
  const [open, setOpen] = useState(!!error);
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // Opening the form removes the button that had focus, so focus moves on to the email field the
  // user asked for; a form opened on load by a failed sign-in leaves focus on the page.
  useEffect(() => {
    if (open && !error) input.current?.focus();
  }, [open, error]);

  function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    window.location.assign(`/api/v1/sso/start?email=${encodeURIComponent(email.trim())}`);
  }

  if (!open)
    return (
      <div className="sso-entry">
        <button
          type="button"
          onClick={() => {
            setEmail((e) => e || typedEmail.trim());
            setOpen(true);
          }}
          data-testid="sso-open"
        >
          {t('sso.signIn')}
        </button>
      </div>
    );
  return (
    <form onSubmit={submit} aria-labelledby="sso-title" data-testid="sso-form">
      <h2 id="sso-title" style={{ margin: 0, fontSize: 18 }}>
        {t('sso.signInTitle')}
      </h2>
      <label>
        {t('sso.workEmail')}
        <input
          type="email"
          name="sso-email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          ref={input}
        />
      </label>
      {error && (
        <p className="error" role="alert" data-testid="sso-error">
          {t(ssoErrorKey(error))}
        </p>
      )}
      <button className="primary" type="submit" disabled={busy}>
        {busy ? t('sso.redirecting') : t('sso.continue')}
      </button>
    </form>
  );
}
