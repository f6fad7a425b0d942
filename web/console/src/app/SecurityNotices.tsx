/**
 * Security notices over the page, bottom right (App.tsx renders them next to the shell): the user's
 * own sign-in locks, told once by the sign-in that follows them (`notices` on the login answer), and
 * — for owners and admins — live word of a user of the account whose sign-ins were just locked
 * (`user.sign_in_locked`, sent to admins only).
 */
import { useState } from 'react';
import { formatDateTime } from '../lib/format.ts';
import { addMessages, useT } from '../lib/i18n.ts';
import { useRealtime } from '../lib/realtime.ts';
import { dismissNotices, type Me } from '../lib/session.ts';
import { catalogue } from './security.strings.ts';
import './security.css';

addMessages(catalogue);

interface LockAlert {
  id: string;
  name: string;
  email: string;
  failures: number;
  ip: string | null;
  lockedAt: string;
  until: string;
}

export function SecurityNotices({ me }: { me: Me }) {
  const t = useT();
  const [alerts, setAlerts] = useState<LockAlert[]>([]);
  const admin = me.user.role === 'owner' || me.user.role === 'admin';
  useRealtime((e) => {
    if (!admin || e.type !== 'user.sign_in_locked' || !e.payload?.lock) return;
    const lock = e.payload.lock as LockAlert;
    setAlerts((list) => [...list.filter((l) => l.id !== lock.id), lock].slice(-5));
  });
  const notices = me.notices ?? [];
  if (!notices.length && !alerts.length) return null;
  const ip = (v: string | null) => v ?? t('security.unknownIp');
  return (
    <section className="security-notices" aria-label={t('security.notices')}>
      {notices.map((n) => (
        <div key={n.at} className="security-notice" role="alert" data-testid="lock-notice">
          {t('security.youWereLocked', {
            time: formatDateTime(n.at),
            failures: n.failures,
            ip: ip(n.ip),
          })}{' '}
          <button type="button" onClick={dismissNotices}>
            {t('security.dismiss')}
          </button>
        </div>
      ))}
      {alerts.map((l) => (
        <div key={l.id} className="security-notice" role="alert" data-testid="lock-alert">
          {t('security.userLocked', {
            name: l.name,
            email: l.email,
            time: formatDateTime(l.lockedAt),
            until: formatDateTime(l.until),
            failures: l.failures,
            ip: ip(l.ip),
          })}{' '}
          <button
            type="button"
            onClick={() => setAlerts((list) => list.filter((x) => x.id !== l.id))}
          >
            {t('security.dismiss')}
          </button>
        </div>
      ))}
    </section>
  );
}
