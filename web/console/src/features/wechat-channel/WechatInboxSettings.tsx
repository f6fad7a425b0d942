/**
 * Settings → Inboxes, for a WeChat inbox: the server URL to enter on the platform, and the app's
 * AppID, kind, encryption mode, Token, EncodingAESKey and AppSecret (PUT /api/v1/inboxes/:id/wechat).
 * Secrets are write-only: once set the field says so, and an empty field keeps the stored value.
 */
import { useEffect, useState } from 'react';
import type { InboxSettingsProps } from '../../extensions.ts';
import { ApiError, addMessages, api, useT } from '../../lib/index.ts';
import {
  CopyButton,
  ErrorNote,
  Saved,
  Section,
  useAction,
  useLoad,
} from '../../pages/settings/ui.tsx';
import '../../pages/settings/ui.css';
import { catalogue } from './strings.ts';

addMessages(catalogue);

interface WechatSettings {
  appId: string;
  appKind: 'official_account' | 'mini_program';
  mode: 'plaintext' | 'compatible' | 'secure';
  fetchUserInfo: boolean;
  tokenSet: boolean;
  encodingAesKeySet: boolean;
  appSecretSet: boolean;
  callbackPath: string;
}

const EMPTY = {
  appId: '',
  appKind: 'official_account',
  mode: 'secure',
  fetchUserInfo: true,
} as const;

export default function WechatInboxSettings({ inbox }: InboxSettingsProps) {
  const t = useT();
  const base = `/api/v1/inboxes/${inbox.id}/wechat`;
  const loaded = useLoad(
    () =>
      api<WechatSettings>('GET', base).catch((e) => {
        if (e instanceof ApiError && e.status === 404) return null; // not set up yet
        throw e;
      }),
    [inbox.id],
  );
  const s = loaded.data;
  const [form, setForm] = useState<{
    appId: string;
    appKind: string;
    mode: string;
    fetchUserInfo: boolean;
  }>({ ...EMPTY });
  const [secrets, setSecrets] = useState({ token: '', encodingAesKey: '', appSecret: '' });
  useEffect(() => {
    if (s)
      setForm({ appId: s.appId, appKind: s.appKind, mode: s.mode, fetchUserInfo: s.fetchUserInfo });
  }, [s]);
  const act = useAction();
  const url = `${window.location.origin}/channels/wechat/${inbox.id}/callback`;
  const save = () =>
    void act.run(async () => {
      const given = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v.trim()));
      const r = await api<WechatSettings>('PUT', base, { ...form, ...given });
      setSecrets({ token: '', encodingAesKey: '', appSecret: '' });
      loaded.setData(r);
    });
  const secret = (key: keyof typeof secrets, label: string, set: boolean | undefined) => (
    <label className="cb-field">
      {label}
      <input
        type="password"
        autoComplete="off"
        value={secrets[key]}
        placeholder={set ? t('wechat.settings.keep') : ''}
        onChange={(e) => setSecrets({ ...secrets, [key]: e.target.value })}
        data-testid={`wechat-${key}`}
      />
    </label>
  );
  return (
    <Section title={`${t('wechat.settings.title')} · ${inbox.name}`} id="wechat-settings-h">
      <p className="hint">{t('wechat.settings.hint')}</p>
      <ErrorNote error={loaded.error} />
      <span className="cb-field">{t('wechat.settings.url')}</span>
      <div className="cb-row">
        <code data-testid="wechat-url">{url}</code>
        <CopyButton text={url} label={t('wechat.settings.url')} />
      </div>
      <form
        className="cb-form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label className="cb-field">
          {t('wechat.settings.appId')}
          <input
            value={form.appId}
            onChange={(e) => setForm({ ...form, appId: e.target.value.trim() })}
            data-testid="wechat-appId"
          />
        </label>
        <label className="cb-field">
          {t('wechat.settings.appKind')}
          <select
            value={form.appKind}
            onChange={(e) => setForm({ ...form, appKind: e.target.value })}
          >
            <option value="official_account">{t('wechat.settings.kindOa')}</option>
            <option value="mini_program">{t('wechat.settings.kindMp')}</option>
          </select>
        </label>
        <label className="cb-field">
          {t('wechat.settings.mode')}
          <select value={form.mode} onChange={(e) => setForm({ ...form, mode: e.target.value })}>
            <option value="secure">{t('wechat.settings.modeSecure')}</option>
            <option value="compatible">{t('wechat.settings.modeCompatible')}</option>
            <option value="plaintext">{t('wechat.settings.modePlain')}</option>
          </select>
        </label>
        {secret('token', t('wechat.settings.token'), s?.tokenSet)}
        {secret('encodingAesKey', t('wechat.settings.aesKey'), s?.encodingAesKeySet)}
        {secret('appSecret', t('wechat.settings.secret'), s?.appSecretSet)}
        <label className="cb-row">
          <input
            type="checkbox"
            checked={form.fetchUserInfo}
            onChange={(e) => setForm({ ...form, fetchUserInfo: e.target.checked })}
          />
          {t('wechat.settings.userInfo')}
        </label>
        <div className="cb-row">
          <button type="submit" className="primary" disabled={act.busy}>
            {t('wechat.settings.save')}
          </button>
          <Saved show={act.done} />
        </div>
        <ErrorNote error={act.error} />
      </form>
    </Section>
  );
}
