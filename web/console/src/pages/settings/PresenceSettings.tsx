/**
 * Agent availability (owners and admins): the availability at sign-in (`/api/v1/account/presence`)
 * and the auto-away minutes of the account's routing settings (`autoAwayMinutes`; the stored layer is
 * read and written back whole, since PUT replaces it).
 */
import { useEffect, useState } from 'react';
import { api } from '../../lib/api.ts';
import { addMessages, useT } from '../../lib/i18n.ts';
import { catalogue } from './presence.strings.ts';
import { ErrorNote, Saved, Section, useAction, useLoad } from './ui.tsx';

addMessages(catalogue);

type AtSignIn = 'online' | 'offline';
interface Routing {
  settings: Record<string, unknown>;
  effective: { autoAwayMinutes: number | null };
}

const CHOICES = [5, 10, 15, 30, 60, 120];
const OFF = 'off';

export function PresenceSettings() {
  const t = useT();
  const loaded = useLoad(() =>
    Promise.all([
      api<{ availabilityAtSignIn: AtSignIn }>('GET', '/api/v1/account/presence'),
      api<Routing>('GET', '/api/v1/routing/settings'),
    ]),
  );
  const [atSignIn, setAtSignIn] = useState<AtSignIn>('online');
  const [away, setAway] = useState<string>('15');
  const act = useAction();
  useEffect(() => {
    if (!loaded.data) return;
    const [presence, routing] = loaded.data;
    setAtSignIn(presence.availabilityAtSignIn);
    setAway(String(routing.effective.autoAwayMinutes ?? OFF));
  }, [loaded.data]);
  const choices = [...new Set([...CHOICES, ...(away === OFF ? [] : [Number(away)])])].sort(
    (a, b) => a - b,
  );
  return (
    <Section title={t('presence.title')} id="presence-h">
      <ErrorNote error={loaded.error} />
      {loaded.data && (
        <form
          className="cb-form"
          style={{ maxWidth: 520 }}
          onSubmit={(e) => {
            e.preventDefault();
            void act.run(async () => {
              await api('PUT', '/api/v1/account/presence', { availabilityAtSignIn: atSignIn });
              // the stored layer as it is now, so that nothing saved meanwhile is lost
              const current = await api<Routing>('GET', '/api/v1/routing/settings');
              await api('PUT', '/api/v1/routing/settings', {
                ...current.settings,
                autoAwayMinutes: away === OFF ? null : Number(away),
              });
              loaded.reload();
            });
          }}
        >
          <label>
            {t('presence.atSignIn')}
            <select
              value={atSignIn}
              data-testid="availability-at-sign-in"
              onChange={(e) => setAtSignIn(e.target.value as AtSignIn)}
            >
              <option value="online">{t('presence.atSignIn.online')}</option>
              <option value="offline">{t('presence.atSignIn.offline')}</option>
            </select>
          </label>
          <p className="hint" style={{ margin: 0 }}>
            {t('presence.atSignInHint')}
          </p>
          <label>
            {t('presence.autoAway')}
            <select value={away} data-testid="auto-away" onChange={(e) => setAway(e.target.value)}>
              {choices.map((n) => (
                <option key={n} value={String(n)}>
                  {t('presence.autoAway.minutes', { count: n })}
                </option>
              ))}
              <option value={OFF}>{t('presence.autoAway.off')}</option>
            </select>
          </label>
          <p className="hint" style={{ margin: 0 }}>
            {t('presence.autoAwayHint')}
          </p>
          <div className="cb-row">
            <button type="submit" className="primary" disabled={act.busy}>
              {t('cb.save')}
            </button>
            <Saved show={act.done} />
          </div>
          <ErrorNote error={act.error} />
        </form>
      )}
    </Section>
  );
}
