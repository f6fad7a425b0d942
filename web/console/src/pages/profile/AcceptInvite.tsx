/** /app/accept-invite?token=…: choose a name and password, then log in. Works without a session. */
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../lib/api.ts';
import { addMessages, getLocale, useT } from '../../lib/i18n.ts';
import { navigate } from '../../lib/router.ts';
import { login } from '../../lib/session.ts';
import { PasswordMeter } from '../../app/PasswordMeter.tsx';
import { registerStrings } from '../register-strings.ts';
import { catalogue as agentStrings } from '../settings/agents.strings.ts';
import { ErrorNote, useAction } from '../settings/ui.tsx';

registerStrings();
addMessages(agentStrings);

interface Lookup {
  email: string;
  role: string;
  account: { name: string };
  expiresAt: string;
}

export default function AcceptInvite() {
  const t = useT();
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const [info, setInfo] = useState<Lookup | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const act = useAction();
  useEffect(() => {
    api<Lookup>('GET', `/api/v1/invitations/lookup?token=${encodeURIComponent(token)}`).then(
      setInfo,
      (e) => {
        setProblem(
          e instanceof ApiError && e.code === 'invitation_expired'
            ? t('invite.expired')
            : t('invite.invalid'),
        );
      },
    );
  }, [token, t]);
  return (
    <div className="login">
      <form
        className="cb-invite"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run(async () => {
            const r = await api<{ email: string }>('POST', '/api/v1/invitations/accept', {
              token,
              name,
              password,
              locale: getLocale(),
            });
            await login(r.email, password);
            navigate('/inbox', { replace: true });
          });
        }}
      >
        <h1>{t('invite.title')}</h1>
        {problem && (
          <p className="cb-error" role="alert">
            {problem}
          </p>
        )}
        {info && (
          <>
            <p>
              {t('invite.intro', {
                account: info.account.name,
                role: t(`role.${info.role}`),
                email: info.email,
              })}
            </p>
            <label>
              {t('invite.name')}
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                required
                maxLength={100}
                autoComplete="name"
                data-testid="invite-name"
              />
            </label>
            <label>
              {t('invite.password')}
              <input
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
                minLength={12}
                maxLength={200}
                autoComplete="new-password"
                data-testid="invite-password"
              />
            </label>
            <PasswordMeter password={password} />
            <button
              type="submit"
              className="primary"
              disabled={act.busy}
              data-testid="invite-accept"
            >
              {t('invite.accept')}
            </button>
            {act.error instanceof ApiError && act.error.code === 'email_taken' ? (
              <p className="cb-error" role="alert" data-testid="invite-email-taken">
                {t('agents.acceptEmailTaken')}
              </p>
            ) : (
              <ErrorNote error={act.error} />
            )}
          </>
        )}
      </form>
    </div>
  );
}
