/** /app/settings/<tab>: one page per admin area; every save applies at once on the server. */
import { lazy, Suspense } from 'react';
import { useT } from '../../lib/i18n.ts';
import { BASE, linkHandler, useRoute } from '../../lib/router.ts';
import { registerStrings } from '../register-strings.ts';
import { InboxSettings } from './InboxSettings.tsx';

registerStrings();

const tabs = {
  inboxes: InboxSettings,
  agents: lazy(() => import('./AgentSettings.tsx')),
  teams: lazy(() => import('./TeamSettings.tsx')),
  labels: lazy(() => import('./LabelSettings.tsx')),
  canned: lazy(() => import('./CannedSettings.tsx')),
  account: lazy(() => import('./AccountSettings.tsx')),
} as const;
type Tab = keyof typeof tabs;

export default function SettingsPage() {
  const t = useT();
  const { segments } = useRoute();
  const tab: Tab = (segments[1] && segments[1] in tabs ? segments[1] : 'inboxes') as Tab;
  const Body = tabs[tab];
  return (
    <div className="cb-page">
      <h1>{t('settings.title')}</h1>
      <div className="cb-layout">
        <nav className="cb-tabs" aria-label={t('settings.tabs')}>
          {(Object.keys(tabs) as Tab[]).map((k) => (
            <a
              key={k}
              href={`${BASE}/settings/${k}`}
              onClick={linkHandler(`/settings/${k}`)}
              aria-current={k === tab ? 'page' : undefined}
            >
              {t(`settings.tab.${k}`)}
            </a>
          ))}
        </nav>
        <div style={{ display: 'grid', gap: 16, minWidth: 0 }}>
          <Suspense fallback={<p className="muted">{t('cb.loading')}</p>}>
            <Body />
          </Suspense>
        </div>
      </div>
    </div>
  );
}
