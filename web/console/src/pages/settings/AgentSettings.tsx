/** Agents: role changes, disable/enable, invitations with a copyable one-time link. */
import { useState } from 'react';
import { ApiError, api } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { refreshDirectory } from '../../app/directory.ts';
import { addMessages, useT } from '../../lib/i18n.ts';
import { useMe } from '../../lib/session.ts';
import { catalogue } from './agents.strings.ts';
import { CopyButton, ErrorNote, Section, useAction, useLoad } from './ui.tsx';

addMessages(catalogue);

interface Agent {
  id: string;
  name: string;
  email: string;
  role: string;
  availability: string;
  disabled: boolean;
}
interface Invitation {
  id: string;
  email: string;
  role: string;
  status: 'pending' | 'accepted' | 'expired' | 'revoked';
  /** `sign_in`: added with a password (POST /api/v1/users), becomes a user at the first sign-in. */
  activation?: 'link' | 'sign_in';
  expiresAt: string;
  createdAt: string;
}
const ROLES = ['agent', 'supervisor', 'admin', 'owner'] as const;
const RANK: Record<string, number> = { agent: 1, supervisor: 2, admin: 3, owner: 4 };

export default function AgentSettings() {
  const t = useT();
  const me = useMe();
  const agents = useLoad(() => api<{ data: Agent[] }>('GET', '/api/v1/users').then((r) => r.data));
  const invitations = useLoad(() =>
    api<{ data: Invitation[] }>('GET', '/api/v1/invitations').then((r) => r.data),
  );
  const act = useAction();
  const myRank = RANK[me?.user.role ?? 'agent'] ?? 1;

  const patch = (a: Agent, body: Record<string, unknown>) =>
    act.run(async () => {
      const u = await api<Agent>('PATCH', `/api/v1/users/${a.id}`, body);
      agents.setData(
        (list) =>
          list?.map((x) =>
            x.id === a.id ? ({ ...x, ...u, disabled: body.disabled ?? x.disabled } as Agent) : x,
          ) ?? null,
      );
      void refreshDirectory();
    });

  return (
    <>
      <Invite onInvited={invitations.reload} myRank={myRank} />
      <Section title={t('settings.agents.list')} id="agents-h">
        <ErrorNote error={agents.error ?? act.error} />
        <div className="cb-scroll">
          <table className="cb-table" data-testid="agents-table">
            <thead>
              <tr>
                <th scope="col">{t('cb.name')}</th>
                <th scope="col">{t('cb.email')}</th>
                <th scope="col">{t('cb.role')}</th>
                <th scope="col">{t('settings.agents.availability')}</th>
                <th scope="col">{t('cb.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {agents.data?.map((a) => {
                const self = a.id === me?.user.id;
                const locked = self || RANK[a.role] > myRank;
                return (
                  <tr key={a.id}>
                    <td>
                      {a.name}
                      {self ? t('settings.agents.you') : ''}
                      {a.disabled ? (
                        <>
                          {' '}
                          <span className="cb-chip">{t('settings.agents.disabled')}</span>
                        </>
                      ) : null}
                    </td>
                    <td>{a.email}</td>
                    <td>
                      <select
                        aria-label={t('settings.agents.roleOf', { name: a.name })}
                        value={a.role}
                        disabled={locked || act.busy}
                        onChange={(e) => {
                          void patch(a, { role: e.target.value });
                        }}
                      >
                        {ROLES.filter((r) => RANK[r] <= myRank || r === a.role).map((r) => (
                          <option key={r} value={r}>
                            {t(`role.${r}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <span className={`dot ${a.availability}`} aria-hidden="true" />{' '}
                      {t(`avail.${a.availability}`)}
                    </td>
                    <td>
                      {!locked && (
                        <button
                          type="button"
                          className={a.disabled ? '' : 'danger'}
                          disabled={act.busy}
                          onClick={() => {
                            void patch(a, { disabled: !a.disabled });
                          }}
                        >
                          {a.disabled ? t('settings.agents.enable') : t('settings.agents.disable')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Section>
      <Section title={t('settings.agents.invitations')} id="invitations-h">
        <ErrorNote error={invitations.error} />
        {invitations.data?.length ? (
          <table className="cb-table" data-testid="invitations-table">
            <thead>
              <tr>
                <th scope="col">{t('cb.email')}</th>
                <th scope="col">{t('cb.role')}</th>
                <th scope="col">{t('cb.status')}</th>
                <th scope="col">{t('settings.agents.expires')}</th>
                <th scope="col">{t('cb.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {invitations.data.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>{t(`role.${i.role}`)}</td>
                  <td>
                    {i.status === 'pending' && i.activation === 'sign_in'
                      ? t('agents.inv.signIn')
                      : t(`settings.agents.inv.${i.status}`)}
                  </td>
                  <td>{formatDateTime(i.expiresAt)}</td>
                  <td>
                    {i.status === 'pending' && (
                      <button
                        type="button"
                        className="danger"
                        onClick={() => {
                          void act.run(async () => {
                            await api('DELETE', `/api/v1/invitations/${i.id}`);
                            invitations.reload();
                          });
                        }}
                      >
                        {t('settings.agents.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">{t('cb.empty')}</p>
        )}
      </Section>
    </>
  );
}

function Invite({ onInvited, myRank }: { onInvited: () => void; myRank: number }) {
  const t = useT();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('agent');
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  const act = useAction();
  return (
    <Section title={t('settings.agents.invite')} id="invite-h">
      <p className="hint">
        {t('settings.agents.inviteHint')} {t('agents.listHint')}
      </p>
      <form
        className="cb-row"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run(async () => {
            const r = await api<{ url: string; invitation: { email: string } }>(
              'POST',
              '/api/v1/invitations',
              { email, role },
            );
            setLink({ email: r.invitation.email, url: r.url });
            setEmail('');
            onInvited();
          });
        }}
      >
        <label className="cb-field">
          {t('cb.email')}
          <input
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            data-testid="invite-email"
          />
        </label>
        <label className="cb-field">
          {t('cb.role')}
          <select value={role} onChange={(e) => setRole(e.target.value)} data-testid="invite-role">
            {ROLES.filter((r) => RANK[r] <= myRank).map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          className="primary"
          disabled={act.busy}
          style={{ alignSelf: 'end' }}
          data-testid="invite-submit"
        >
          {t('settings.agents.invite')}
        </button>
      </form>
      {act.error instanceof ApiError && act.error.code === 'email_taken' ? (
        <p className="cb-error" role="alert">
          {t('agents.emailTaken')}
        </p>
      ) : (
        <ErrorNote error={act.error} />
      )}
      {link && (
        <div className="cb-form" role="status">
          <span>{t('settings.agents.inviteFor', { email: link.email })}</span>
          <label className="sr-only" htmlFor="invite-link">
            {t('settings.agents.inviteLink')}
          </label>
          <div className="cb-row">
            <input
              id="invite-link"
              readOnly
              value={link.url}
              style={{ flex: 1 }}
              onFocus={(e) => e.target.select()}
              data-testid="invite-link"
            />
            <CopyButton text={link.url} label={t('settings.agents.inviteLink')} />
          </div>
        </div>
      )}
    </Section>
  );
}
