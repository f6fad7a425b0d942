/** My personal API tokens: create with a scope and an expiry (shown once), list with last use, revoke. */
import { useState } from 'react';
import { api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { addMessages, useT } from '../../lib/i18n.ts';
import { CopyButton, ErrorNote, Section, useAction, useLoad } from '../settings/ui.tsx';
import { catalogue } from './two-factor.strings.ts';

addMessages(catalogue);

/** As the server names them (server/core/policies/token-scopes.ts). */
const SCOPES = ['read', 'conversations', 'admin'] as const;
type Scope = (typeof SCOPES)[number];
const EXPIRY = ['30', '90', '365', 'never'] as const;

interface Token {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  scopes: Scope[];
  expiresAt: string | null;
}

export function Tokens() {
  const t = useT();
  const tokens = useLoad(() =>
    api<{ data: Token[] }>('GET', '/api/v1/me/tokens').then((r) => r.data),
  );
  const [name, setName] = useState('');
  const [scope, setScope] = useState<Scope>('read');
  const [expiry, setExpiry] = useState<(typeof EXPIRY)[number]>('90');
  const [created, setCreated] = useState<string | null>(null);
  const act = useAction();
  const now = Date.now();
  return (
    <Section title={t('profile.tokens')} id="tokens-h">
      <form
        className="cb-form"
        data-testid="token-form"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run(async () => {
            const r = await api<{ token: string }>('POST', '/api/v1/me/tokens', {
              name,
              scopes: [scope],
              expiresInDays: expiry === 'never' ? null : Number(expiry),
            });
            setCreated(r.token);
            setName('');
            tokens.reload();
          });
        }}
      >
        <label>
          {t('profile.tokenName')}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        <div className="cb-row">
          <label className="cb-field" style={{ flex: 1 }}>
            {t('tokens.scope')}
            <select
              value={scope}
              onChange={(e) => setScope(e.target.value as Scope)}
              data-testid="token-scope"
            >
              {SCOPES.map((s) => (
                <option key={s} value={s}>
                  {t(`tokens.scope.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="cb-field" style={{ flex: 1 }}>
            {t('tokens.expiry')}
            <select
              value={expiry}
              onChange={(e) => setExpiry(e.target.value as (typeof EXPIRY)[number])}
              data-testid="token-expiry"
            >
              {EXPIRY.map((d) => (
                <option key={d} value={d}>
                  {t(`tokens.expiry.${d}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={act.busy} style={{ alignSelf: 'end' }}>
            {t('cb.create')}
          </button>
        </div>
      </form>
      {created && (
        <div className="cb-form" role="status">
          <span>{t('profile.tokenCreated')}</span>
          <div className="cb-row">
            <code className="cb-code" style={{ flex: 1 }} data-testid="token-created">
              {created}
            </code>
            <CopyButton text={created} label={t('profile.tokens')} />
          </div>
        </div>
      )}
      <ErrorNote error={act.error ?? tokens.error} />
      <ul className="cb-list" data-testid="token-list">
        {tokens.data?.map((k) => (
          <li key={k.id}>
            <span>
              {k.name}{' '}
              <span className="hint">
                {k.scopes.map((s) => t(`tokens.scope.${s}`)).join(', ')} · {t('tokens.created')}{' '}
                {formatDateTime(k.createdAt)} · {t('profile.tokenLastUsed')}:{' '}
                {k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('profile.never')} ·{' '}
                {k.expiresAt && Date.parse(k.expiresAt) <= now
                  ? t('tokens.expired')
                  : `${t('tokens.expires')}: ${
                      k.expiresAt ? formatDateTime(k.expiresAt) : t('tokens.expiry.never')
                    }`}
              </span>
            </span>
            <button
              type="button"
              className="danger"
              aria-label={`${t('cb.delete')} ${k.name}`}
              onClick={() => {
                void act.run(async () => {
                  await api('DELETE', `/api/v1/me/tokens/${k.id}`);
                  tokens.reload();
                });
              }}
            >
              {t('cb.delete')}
            </button>
          </li>
        ))}
      </ul>
    </Section>
  );
}
