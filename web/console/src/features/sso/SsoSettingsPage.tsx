/**
 * /app/sso (admins): the account's OpenID Connect settings — issuer, client id, write-only client
 * secret, allowed email domains, default role of new users, "SSO only", trusted emails — with the
 * redirect URI to register at the identity provider. Saving switched on checks the IdP's discovery.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { addMessages, api, ApiError, useT } from '../../lib/index.ts';
import {
  CopyButton,
  errorText,
  Saved,
  Section,
  useAction,
  useLoad,
} from '../../pages/settings/ui.tsx';
import { registerStrings } from '../../pages/register-strings.ts';
import { catalogue } from './strings.ts';
import './sso.css';

registerStrings(); // the settings pages' shared strings (Saved, Copy)
addMessages(catalogue);

type Role = 'agent' | 'supervisor' | 'admin';
interface SsoSettings {
  enabled: boolean;
  issuer: string;
  clientId: string;
  clientSecretSet: boolean;
  allowedDomains: string[];
  defaultRole: Role;
  ssoOnly: boolean;
  trustEmails: boolean;
}
interface SsoAnswer {
  sso: SsoSettings;
  redirectUri: string;
  startUrl: string;
}

const splitDomains = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);

export default function SsoSettingsPage() {
  const t = useT();
  const loaded = useLoad(() => api<SsoAnswer>('GET', '/api/v1/sso'));
  const act = useAction();
  const [form, setForm] = useState<SsoSettings | null>(null);
  const [domains, setDomains] = useState('');
  const [secret, setSecret] = useState('');

  useEffect(() => {
    if (!loaded.data) return;
    setForm(loaded.data.sso);
    setDomains(loaded.data.sso.allowedDomains.join('\n'));
  }, [loaded.data]);

  const set = <K extends keyof SsoSettings>(k: K, v: SsoSettings[K]) =>
    setForm((f) => (f ? { ...f, [k]: v } : f));

  function save(e: FormEvent) {
    e.preventDefault();
    if (!form) return;
    void act.run(async () => {
      const saved = await api<SsoAnswer>('PUT', '/api/v1/sso', {
        enabled: form.enabled,
        issuer: form.issuer.trim(),
        clientId: form.clientId.trim(),
        ...(secret.trim() ? { clientSecret: secret } : {}),
        allowedDomains: splitDomains(domains),
        defaultRole: form.defaultRole,
        ssoOnly: form.ssoOnly,
        trustEmails: form.trustEmails,
      });
      setSecret('');
      loaded.setData(saved);
    });
  }

  const failure = act.error
    ? act.error instanceof ApiError &&
      Object.hasOwn(catalogue.en, `sso.settingsError.${act.error.code}`)
      ? t(`sso.settingsError.${act.error.code}`, { message: errorText(act.error) })
      : t('sso.failed', { message: errorText(act.error) })
    : null;
  const issuerBase = (form?.issuer.trim() || 'https://idp.example.com').replace(/\/+$/, '');

  return (
    <div className="cb-page sso-settings">
      <h1>{t('sso.title')}</h1>
      <Section title={t('sso.section')} id="sso-h">
        <p className="hint">{t('sso.hint')}</p>
        {loaded.error ? (
          <p className="cb-error" role="alert">
            {t('sso.failed', { message: errorText(loaded.error) })}
          </p>
        ) : null}
        {!form && !loaded.error && <p aria-busy="true">{t('sso.loading')}</p>}
        {form && loaded.data && (
          <form
            className="cb-form"
            style={{ maxWidth: 560 }}
            onSubmit={save}
            data-testid="sso-settings"
          >
            <label className="sso-check">
              <input
                type="checkbox"
                checked={form.enabled}
                onChange={(e) => set('enabled', e.target.checked)}
              />
              {t('sso.enabled')}
            </label>
            <label>
              {t('sso.issuer')}
              <input
                type="url"
                value={form.issuer}
                onChange={(e) => set('issuer', e.target.value)}
                placeholder="https://idp.example.com/realms/kefu"
                required={form.enabled}
                maxLength={500}
                aria-describedby="sso-issuer-hint"
              />
            </label>
            <p className="hint" id="sso-issuer-hint">
              {t('sso.issuerHint', { path: `${issuerBase}/.well-known/openid-configuration` })}
            </p>
            <label>
              {t('sso.clientId')}
              <input
                value={form.clientId}
                onChange={(e) => set('clientId', e.target.value)}
                required={form.enabled}
                maxLength={500}
                autoComplete="off"
              />
            </label>
            <label>
              {t('sso.clientSecret')}
              <input
                type="password"
                value={secret}
                onChange={(e) => setSecret(e.target.value)}
                autoComplete="new-password"
                required={form.enabled && !form.clientSecretSet}
                aria-describedby="sso-secret-hint"
              />
            </label>
            <p className="hint" id="sso-secret-hint">
              {form.clientSecretSet ? t('sso.secretSet') : t('sso.secretUnset')}
            </p>
            <label>
              {t('sso.domains')}
              <textarea
                rows={3}
                value={domains}
                onChange={(e) => setDomains(e.target.value)}
                placeholder="example.com"
                aria-describedby="sso-domains-hint"
              />
            </label>
            <p className="hint" id="sso-domains-hint">
              {t('sso.domainsHint')}
            </p>
            <label>
              {t('sso.defaultRole')}
              <select
                value={form.defaultRole}
                onChange={(e) => set('defaultRole', e.target.value as Role)}
              >
                {(['agent', 'supervisor', 'admin'] as const).map((r) => (
                  <option key={r} value={r}>
                    {t(`sso.role.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="sso-check">
              <input
                type="checkbox"
                checked={form.ssoOnly}
                onChange={(e) => set('ssoOnly', e.target.checked)}
                aria-describedby="sso-only-hint"
              />
              {t('sso.ssoOnly')}
            </label>
            <p className="hint" id="sso-only-hint">
              {t('sso.ssoOnlyHint')}
            </p>
            <label className="sso-check">
              <input
                type="checkbox"
                checked={form.trustEmails}
                onChange={(e) => set('trustEmails', e.target.checked)}
                aria-describedby="sso-trust-hint"
              />
              {t('sso.trustEmails')}
            </label>
            <p className="hint" id="sso-trust-hint">
              {t('sso.trustEmailsHint')}
            </p>
            <div className="hint">
              {t('sso.redirectUri')}:{' '}
              <code data-testid="sso-redirect-uri">{loaded.data.redirectUri}</code>{' '}
              <CopyButton text={loaded.data.redirectUri} label={t('sso.redirectUri')} />
            </div>
            <div className="hint">
              {t('sso.startUrl')}: <code>{loaded.data.startUrl}</code>{' '}
              <CopyButton text={loaded.data.startUrl} label={t('sso.startUrl')} />
            </div>
            <div className="cb-row">
              <button type="submit" className="primary" disabled={act.busy}>
                {t('sso.save')}
              </button>
              <Saved show={act.done} />
            </div>
            {failure && (
              <p className="cb-error" role="alert">
                {failure}
              </p>
            )}
          </form>
        )}
      </Section>
    </div>
  );
}
