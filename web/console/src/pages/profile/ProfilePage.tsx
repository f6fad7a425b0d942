/** My profile: name, avatar, language, availability, notification preferences, password, two-step verification, API tokens. */
import { useRef, useState } from 'react';
import { api, apiUpload } from '../../lib/api.ts';
import { LOCALES, setLocale, useT, type Locale } from '../../lib/i18n.ts';
import { loadMe, updateMe, useMe, type User } from '../../lib/session.ts';
import { PasswordMeter } from '../../app/PasswordMeter.tsx';
import { registerStrings } from '../register-strings.ts';
import { ErrorNote, Saved, Section, useAction } from '../settings/ui.tsx';
import { notificationPrefs, NOTIFY_EVENTS, type NotificationPrefs } from './prefs.ts';
import { Tokens } from './Tokens.tsx';
import { TwoFactorSection } from './TwoFactorSection.tsx';

registerStrings();

export default function ProfilePage() {
  const t = useT();
  const me = useMe();
  if (!me) return null;
  return (
    <div className="cb-page">
      <h1>{t('profile.title')}</h1>
      <div className="cb-grid2" style={{ gridTemplateColumns: 'minmax(0,1fr) minmax(0,1fr)' }}>
        <div style={{ display: 'grid', gap: 16, alignContent: 'start' }}>
          <Basics user={me.user} />
          <Avatar user={me.user} />
        </div>
        <div style={{ display: 'grid', gap: 16, alignContent: 'start' }}>
          <Notifications user={me.user} />
          <Password />
          <TwoFactorSection />
          <Tokens />
        </div>
      </div>
    </div>
  );
}

function Basics({ user }: { user: User }) {
  const t = useT();
  const [name, setName] = useState(user.name);
  const [locale, setLoc] = useState<Locale>(user.locale === 'en' ? 'en' : 'zh-CN');
  const [availability, setAvailability] = useState(user.availability);
  const act = useAction();
  return (
    <Section title={t('profile.title')} id="basics-h">
      <form
        className="cb-form"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run(async () => {
            await updateMe({
              name,
              locale,
              availability,
              preferences: { ...user.preferences, localeChosen: true },
            });
            setLocale(locale);
          });
        }}
      >
        <label>
          {t('profile.name')}
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={100}
            autoComplete="name"
          />
        </label>
        <label>
          {t('profile.language')}
          <select value={locale} onChange={(e) => setLoc(e.target.value as Locale)}>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {t(`locale.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('profile.availability')}
          <select value={availability} onChange={(e) => setAvailability(e.target.value)}>
            {(['online', 'away', 'offline'] as const).map((a) => (
              <option key={a} value={a}>
                {t(`avail.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="cb-row">
          <button type="submit" className="primary" disabled={act.busy}>
            {t('cb.save')}
          </button>
          <Saved show={act.done} />
        </div>
        <ErrorNote error={act.error} />
      </form>
    </Section>
  );
}

function Avatar({ user }: { user: User }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const act = useAction();
  return (
    <Section title={t('profile.avatar')} id="avatar-h">
      <div className="cb-row">
        {user.avatarUrl ? (
          <img className="cb-avatar" src={user.avatarUrl} alt={user.name} />
        ) : (
          <span className="cb-avatar" aria-hidden="true">
            {user.name.slice(0, 1).toUpperCase()}
          </span>
        )}
        <label className="cb-field">
          {t('profile.avatarUpload')}
          <input
            ref={input}
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f)
                void act.run(async () => {
                  await apiUpload('/api/v1/me/avatar', f);
                  await loadMe();
                  if (input.current) input.current.value = '';
                });
            }}
          />
        </label>
        {user.avatarUrl && (
          <button
            type="button"
            onClick={() => {
              void act.run(async () => {
                await api('DELETE', '/api/v1/me/avatar');
                await loadMe();
              });
            }}
          >
            {t('profile.avatarRemove')}
          </button>
        )}
      </div>
      <ErrorNote error={act.error} />
    </Section>
  );
}

function Notifications({ user }: { user: User }) {
  const t = useT();
  const [prefs, setPrefs] = useState<NotificationPrefs>(() => notificationPrefs(user.preferences));
  const act = useAction();
  const save = (next: NotificationPrefs) => {
    setPrefs(next);
    void act.run(() => updateMe({ preferences: { notifications: next } }));
  };
  return (
    <Section title={t('profile.notifications')} id="notify-h">
      <div className="cb-form">
        <label className="cb-check">
          <input
            type="checkbox"
            checked={prefs.desktop}
            onChange={(e) => save({ ...prefs, desktop: e.target.checked })}
          />
          {t('profile.notify.desktop')}
        </label>
        <label className="cb-check">
          <input
            type="checkbox"
            checked={prefs.sound}
            onChange={(e) => save({ ...prefs, sound: e.target.checked })}
          />
          {t('profile.notify.sound')}
        </label>
        <fieldset className="cb-fieldset">
          <legend>{t('profile.notifications')}</legend>
          {NOTIFY_EVENTS.map((k) => (
            <label key={k} className="cb-check">
              <input
                type="checkbox"
                checked={prefs.events[k]}
                onChange={(e) =>
                  save({ ...prefs, events: { ...prefs.events, [k]: e.target.checked } })
                }
              />
              {t(`profile.notify.${k}`)}
            </label>
          ))}
        </fieldset>
        <Saved show={act.done} />
        <ErrorNote error={act.error} />
      </div>
    </Section>
  );
}

function Password() {
  const t = useT();
  const me = useMe();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [revokeTokens, setRevokeTokens] = useState(false);
  const act = useAction();
  return (
    <Section title={t('profile.password')} id="password-h">
      <form
        className="cb-form"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run(async () => {
            await api('POST', '/api/v1/me/password', {
              currentPassword,
              newPassword,
              revokeTokens,
            });
            await loadMe(); // the session was renewed: pick up the new CSRF token
            setCurrent('');
            setNew('');
          });
        }}
      >
        <label>
          {t('profile.currentPassword')}
          <input
            type="password"
            value={currentPassword}
            onChange={(e) => setCurrent(e.target.value)}
            required
            autoComplete="current-password"
          />
        </label>
        <label>
          {t('profile.newPassword')}
          <input
            type="password"
            value={newPassword}
            onChange={(e) => setNew(e.target.value)}
            required
            minLength={12}
            maxLength={200}
            autoComplete="new-password"
          />
        </label>
        <PasswordMeter password={newPassword} email={me?.user.email} />
        <label className="cb-check">
          <input
            type="checkbox"
            checked={revokeTokens}
            onChange={(e) => setRevokeTokens(e.target.checked)}
          />
          {t('tokens.revokeWithPassword')}
        </label>
        <button type="submit" className="primary" disabled={act.busy}>
          {t('profile.password')}
        </button>
        {act.done && (
          <p role="status" className="cb-saved">
            {t('profile.passwordChanged')}
          </p>
        )}
        <ErrorNote error={act.error} />
      </form>
    </Section>
  );
}
