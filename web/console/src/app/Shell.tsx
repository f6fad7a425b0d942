/** App shell: top bar (navigation, availability, language, logout), connection banner, routed page. */
import { CircleHelp, Inbox, LogOut } from 'lucide-react';
import { lazy, Suspense, useEffect, useMemo, useState, type ComponentType } from 'react';
import { navEntries, type NavEntry } from '../extensions.ts';
import { getLocale, LOCALES, setLocale, useLocale, useT, type Locale } from '../lib/i18n.ts';
import { realtime, useRealtimeStatus } from '../lib/realtime.ts';
import { BASE, linkHandler, useRoute } from '../lib/router.ts';
import { hasRole, logout, updateMe, type Me } from '../lib/session.ts';
import { InboxPage } from './inbox/InboxPage.tsx';
import { HelpOverlay } from './HelpOverlay.tsx';
import { Icon } from './icons.tsx';
import './shell.css';
import { askPermission, notificationsSupported } from './notify.ts';

const lazyPages = new Map<string, ComponentType>();
function pageFor(entry: NavEntry): ComponentType {
  let C = lazyPages.get(entry.id);
  if (!C) {
    C = lazy(entry.load);
    lazyPages.set(entry.id, C);
  }
  return C;
}

export function Shell({ me }: { me: Me }) {
  const t = useT();
  const locale = useLocale();
  const status = useRealtimeStatus();
  const { segments } = useRoute();
  const [help, setHelp] = useState(false);
  const [notifyPerm, setNotifyPerm] = useState(
    notificationsSupported() ? Notification.permission : 'denied',
  );
  const entries = useMemo(() => navEntries.filter((e) => hasRole(me.user, e.minRole)), [me.user]);

  useEffect(() => {
    realtime.start();
    return () => realtime.stop();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !isTyping(e)) {
        e.preventDefault();
        setHelp((h) => !h);
      }
      if (e.key === 'Escape') setHelp(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const first = segments[0] ?? 'inbox';
  const active = entries.find((e) => e.path.split('/')[0] === first);
  const Page = active ? pageFor(active) : null;

  async function changeLocale(l: Locale) {
    setLocale(l);
    try {
      await updateMe({ locale: l, preferences: { ...me.user.preferences, localeChosen: true } });
    } catch {
      /* kept locally */
    }
  }

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('shell.nav')}>
          <a
            href={`${BASE}/inbox`}
            onClick={linkHandler('/inbox')}
            aria-current={!active ? 'page' : undefined}
          >
            <Inbox className="icon" aria-hidden="true" />
            {t('shell.inbox')}
          </a>
          {entries.map((e) => (
            <a
              key={e.id}
              href={`${BASE}/${e.path}`}
              onClick={linkHandler(`/${e.path}`)}
              aria-current={active?.id === e.id ? 'page' : undefined}
            >
              {e.icon ? <e.icon className="icon" aria-hidden="true" /> : null}
              {e.label[locale]}
            </a>
          ))}
        </nav>
        <div className="me">
          {notifyPerm === 'default' && (
            <button
              type="button"
              onClick={() => {
                void askPermission().then(() => setNotifyPerm(Notification.permission));
              }}
              title={t('shell.enableNotifications')}
            >
              <Icon name="bell" />
              <span className="sr-only">{t('shell.enableNotifications')}</span>
            </button>
          )}
          <span className={`dot ${me.user.availability}`} aria-hidden="true" />
          <label className="sr-only" htmlFor="availability">
            {t('shell.availability')}
          </label>
          <select
            id="availability"
            value={me.user.availability}
            onChange={(e) => {
              void updateMe({ availability: e.target.value });
            }}
          >
            {(['online', 'away', 'offline'] as const).map((a) => (
              <option key={a} value={a}>
                {t(`availability.${a}`)}
              </option>
            ))}
          </select>
          <label className="sr-only" htmlFor="locale">
            {t('shell.language')}
          </label>
          <select
            id="locale"
            value={getLocale()}
            onChange={(e) => {
              void changeLocale(e.target.value as Locale);
            }}
          >
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {t(`locale.${l}`)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="help-btn"
            onClick={() => setHelp(true)}
            aria-label={t('shortcuts.title')}
            title={t('shortcuts.title')}
          >
            <CircleHelp className="icon" aria-hidden="true" />
          </button>
          <button
            type="button"
            onClick={() => {
              void logout();
            }}
            title={me.user.email}
          >
            <LogOut className="icon" aria-hidden="true" />
            {t('shell.logout')}
          </button>
        </div>
      </header>
      <div className="main">
        {status === 'reconnecting' && (
          <div className="banner reconnecting" role="status" data-testid="reconnecting">
            {t('shell.reconnecting')}
          </div>
        )}
        {Page ? (
          <Suspense fallback={<div className="placeholder">{t('common.loading')}</div>}>
            <main className="page">
              <Page />
            </main>
          </Suspense>
        ) : (
          <InboxPage me={me} />
        )}
      </div>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}

export function isTyping(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  return (
    !!el &&
    (el.tagName === 'INPUT' ||
      el.tagName === 'TEXTAREA' ||
      el.tagName === 'SELECT' ||
      el.isContentEditable)
  );
}
