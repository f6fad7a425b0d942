/** Boot: load the session, then the login page or the app shell. */
import { lazy, Suspense, useEffect, useState } from 'react';
import { setTwoFactorRequiredHandler, setUnauthorizedHandler } from '../lib/api.ts';
import { useT } from '../lib/i18n.ts';
import { navigate, useRoute } from '../lib/router.ts';
import { clearSession, loadMe, useMe, useSessionLoaded } from '../lib/session.ts';
import { Login } from './Login.tsx';
import { SecurityNotices } from './SecurityNotices.tsx';
import { Shell } from './Shell.tsx';
import { loadAcceptInvite, loadTwoFactorGate } from '../pages/profile/index.ts';

const AcceptInvite = lazy(loadAcceptInvite); // public page: /app/accept-invite?token=…
const TwoFactorGate = lazy(loadTwoFactorGate); // the account requires two-step verification

export function App() {
  const me = useMe();
  const loaded = useSessionLoaded();
  const [error, setError] = useState<string | null>(null);
  const t = useT();
  const { path } = useRoute();

  useEffect(() => {
    setUnauthorizedHandler(() => clearSession());
    setTwoFactorRequiredHandler(() => void loadMe().catch(() => {}));
    loadMe().catch((e: Error) => setError(e.message));
  }, []);

  useEffect(() => {
    if (!loaded) return;
    if (!me && path !== '/login' && path !== '/accept-invite') {
      if (path !== '/')
        try {
          sessionStorage.setItem('kefu.afterLogin', path);
        } catch {
          /* storage blocked */
        }
      navigate('/login', { replace: true });
    }
    if (me && (path === '/login' || path === '/')) {
      let next = '/inbox';
      try {
        next = sessionStorage.getItem('kefu.afterLogin') ?? next;
        sessionStorage.removeItem('kefu.afterLogin');
      } catch {
        /* storage blocked */
      }
      navigate(next.startsWith('/') && !next.startsWith('//') ? next : '/inbox', { replace: true });
    }
  }, [loaded, me, path]);

  if (path === '/accept-invite')
    return (
      <Suspense fallback={null}>
        <AcceptInvite />
      </Suspense>
    );
  if (error)
    return (
      <div className="placeholder" role="alert">
        {t('error.load')} {error}
      </div>
    );
  if (!loaded)
    return (
      <div className="placeholder" aria-busy="true">
        {t('common.loading')}
      </div>
    );
  if (!me) return <Login />;
  if (me.twoFactor?.enrolmentRequired)
    return (
      <Suspense fallback={null}>
        <TwoFactorGate me={me} />
      </Suspense>
    );
  return (
    <>
      <Shell me={me} />
      <SecurityNotices me={me} />
    </>
  );
}
