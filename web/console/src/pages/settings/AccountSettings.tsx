/** Account profile: name and default language (admins); agent availability, sign-in security and who sees which conversations below. */
import { useEffect, useState } from 'react';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { PresenceSettings } from './PresenceSettings.tsx';
import { SecuritySettings } from './SecuritySettings.tsx';
import { VisibilitySettings } from './VisibilitySettings.tsx';
import { ErrorNote, Saved, Section, useAction, useLoad } from './ui.tsx';

interface Account {
  id: string;
  name: string;
  slug: string;
  locale: string;
}

export default function AccountSettings() {
  const t = useT();
  const account = useLoad(() => api<Account>('GET', '/api/v1/account'));
  const [name, setName] = useState('');
  const [locale, setLocale] = useState('zh-CN');
  const act = useAction();
  useEffect(() => {
    if (account.data) {
      setName(account.data.name);
      setLocale(account.data.locale);
    }
  }, [account.data]);
  return (
    <>
      <Section title={t('settings.tab.account')} id="account-h">
        <ErrorNote error={account.error} />
        {account.data && (
          <form
            className="cb-form"
            style={{ maxWidth: 420 }}
            onSubmit={(e) => {
              e.preventDefault();
              void act.run(async () =>
                account.setData(await api<Account>('PATCH', '/api/v1/account', { name, locale })),
              );
            }}
          >
            <label>
              {t('settings.account.name')}
              <input
                value={name}
                onChange={(e) => setName(e.target.value)}
                required
                maxLength={100}
              />
            </label>
            <label>
              {t('settings.account.locale')}
              <select value={locale} onChange={(e) => setLocale(e.target.value)}>
                <option value="zh-CN">{t('locale.zh-CN')}</option>
                <option value="en">{t('locale.en')}</option>
              </select>
            </label>
            <p className="hint">
              {t('settings.account.slug')}: <code>{account.data.slug}</code>
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
      <PresenceSettings />
      <SecuritySettings />
      <VisibilitySettings />
    </>
  );
}
