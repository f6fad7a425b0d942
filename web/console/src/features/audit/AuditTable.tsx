/** The audit entries as a table: time (seconds, the user's time zone), who, action, target, IP, result. */
import { getLocale, getTimeZone, useT, type UserDTO } from '../../lib/index.ts';

export interface AuditEntry {
  id: string;
  createdAt: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  method: string;
  route: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  status: number;
  detail: Record<string, unknown>;
}

const when = (iso: string) =>
  new Intl.DateTimeFormat(getLocale(), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZone: getTimeZone(),
  }).format(new Date(iso));

export function AuditTable({ entries, users }: { entries: AuditEntry[]; users: UserDTO[] }) {
  const t = useT();
  const byId = new Map(users.map((u) => [u.id, u]));
  /** A known key's text, else null (unknown actions and target kinds show their code). */
  const known = (key: string) => {
    const s = t(key);
    return s === key ? null : s;
  };

  const target = (e: AuditEntry) => {
    if (!e.targetId) return <span className="muted">—</span>;
    const user = e.targetType === 'user' && e.targetId ? byId.get(e.targetId) : undefined;
    const kind = e.targetType ? (known(`audit.t.${e.targetType}`) ?? e.targetType) : '';
    return (
      <span title={e.targetId ?? undefined}>
        {kind}
        {user ? ` · ${user.name}` : ` · ${e.targetId.slice(0, 8)}…`}
      </span>
    );
  };

  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a sideways-scrolling region is reached by keyboard
    <section className="au-scroll" aria-labelledby="audit-list-h" tabIndex={0}>
      <table className="cb-table au-table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">{t('audit.col.time')}</th>
            <th scope="col">{t('audit.col.actor')}</th>
            <th scope="col">{t('audit.col.action')}</th>
            <th scope="col">{t('audit.col.target')}</th>
            <th scope="col">{t('audit.col.ip')}</th>
            <th scope="col">{t('audit.col.status')}</th>
            <th scope="col">{t('audit.col.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const label = known(`audit.a.${e.action}`);
            const failed = e.status >= 400;
            return (
              <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                <td className="au-time">
                  <time dateTime={e.createdAt}>{when(e.createdAt)}</time>
                </td>
                <td className="au-actor">
                  {e.actorType === 'anonymous'
                    ? t('audit.anonymous', { email: e.actorLabel ?? '?' })
                    : (e.actorLabel ?? t('audit.unknownActor'))}
                </td>
                <td>
                  {label ?? <code>{e.action}</code>}
                  {label && <code className="au-code">{e.action}</code>}
                </td>
                <td>{target(e)}</td>
                <td>
                  <code>{e.ip ?? '—'}</code>
                </td>
                <td>
                  <span className={`cb-chip au-status ${failed ? 'failed' : 'ok'}`}>
                    {t(failed ? 'audit.denied' : 'audit.ok', { status: e.status })}
                  </span>
                </td>
                <td>
                  <details>
                    <summary>{t('audit.more')}</summary>
                    <div className="au-detail">
                      <code>
                        {e.method} {e.route}
                      </code>
                      {e.userAgent && <span>{t('audit.userAgent', { ua: e.userAgent })}</span>}
                      {e.detail.via === 'api_token' && <span>{t('audit.viaToken')}</span>}
                      <pre className="cb-code">{JSON.stringify(e.detail, null, 1)}</pre>
                    </div>
                  </details>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
