/**
 * /app/audit (admins): the audit log, newest first — time, who, action, target, IP, result, with the
 * request's details on demand. Filters (action group, who, date range) reload the list; "load more"
 * pages through `nextCursor`; "Export CSV" downloads what the filters show.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { addMessages, api, ApiError, useT, type UserDTO } from '../../lib/index.ts';
import '../../pages/settings/ui.css';
import './audit.css';
import { AuditTable, type AuditEntry } from './AuditTable.tsx';
import { ACTION_GROUPS, catalogue } from './strings.ts';

addMessages(catalogue);

interface Page {
  data: AuditEntry[];
  nextCursor: string | null;
}
interface Filters {
  action: string;
  actorId: string;
  from: string;
  to: string;
}

const PAGE_SIZE = 50;
const NONE: Filters = { action: '', actorId: '', from: '', to: '' };

/** A day of the date inputs (the browser's time zone) as the API's ISO bounds: [from, to + 1 day). */
function query(f: Filters): URLSearchParams {
  const q = new URLSearchParams();
  if (f.action) q.set('action', f.action);
  if (f.actorId) q.set('actorId', f.actorId);
  const day = (d: string, plus = 0) => {
    const t = new Date(`${d}T00:00:00`);
    t.setDate(t.getDate() + plus);
    return Number.isNaN(t.getTime()) ? null : t.toISOString();
  };
  const from = f.from && day(f.from);
  const to = f.to && day(f.to, 1);
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  return q;
}

const describe = (e: unknown) =>
  e instanceof ApiError || e instanceof Error ? e.message : String(e);

export default function AuditPage() {
  const t = useT();
  const [filters, setFilters] = useState<Filters>(NONE);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [users, setUsers] = useState<UserDTO[]>([]);
  const generation = useRef(0);

  useEffect(() => {
    api<{ data: UserDTO[] }>('GET', '/api/v1/users')
      .then((r) => setUsers(r.data))
      .catch(() => setUsers([])); // the filter then offers "All" only
  }, []);

  const load = useCallback(
    async (f: Filters, cursor: string | null) => {
      const gen = cursor ? generation.current : ++generation.current;
      setLoading(true);
      setError(null);
      try {
        const q = query(f);
        q.set('limit', String(PAGE_SIZE));
        if (cursor) q.set('cursor', cursor);
        const page = await api<Page>('GET', `/api/v1/audit?${q}`);
        if (gen !== generation.current) return; // the filters changed meanwhile
        setEntries((prev) => (cursor && prev ? [...prev, ...page.data] : page.data));
        setNextCursor(page.nextCursor);
      } catch (e) {
        if (gen === generation.current) setError(t('audit.failed', { message: describe(e) }));
      } finally {
        if (gen === generation.current) setLoading(false);
      }
    },
    [t],
  );

  useEffect(() => {
    void load(filters, null);
  }, [filters, load]);

  const exportUrl = useMemo(() => {
    const q = query(filters);
    q.set('format', 'csv');
    return `/api/v1/audit/export?${q}`;
  }, [filters]);

  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    setFilters((f) => ({ ...f, [k]: e.target.value }));
  const filtered = Object.values(filters).some(Boolean);

  return (
    <div className="cb-page">
      <h1>{t('audit.title')}</h1>
      <p className="hint">{t('audit.hint')}</p>
      <section className="cb-section" aria-labelledby="audit-filters-h">
        <h2 id="audit-filters-h">{t('audit.filters')}</h2>
        <div className="au-filters">
          <label className="cb-field">
            {t('audit.action')}
            <select value={filters.action} onChange={set('action')} data-testid="audit-action">
              <option value="">{t('audit.any')}</option>
              {ACTION_GROUPS.map((g) => (
                <option key={g} value={g}>
                  {t(`audit.g.${g}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="cb-field">
            {t('audit.actor')}
            <select value={filters.actorId} onChange={set('actorId')} data-testid="audit-actor">
              <option value="">{t('audit.any')}</option>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
            </select>
          </label>
          <label className="cb-field">
            {t('audit.from')}
            <input
              type="date"
              value={filters.from}
              max={filters.to || undefined}
              onChange={set('from')}
            />
          </label>
          <label className="cb-field">
            {t('audit.to')}
            <input
              type="date"
              value={filters.to}
              min={filters.from || undefined}
              onChange={set('to')}
            />
          </label>
          <button type="button" onClick={() => setFilters(NONE)} disabled={!filtered}>
            {t('audit.reset')}
          </button>
        </div>
      </section>
      <section className="cb-section" aria-labelledby="audit-list-h">
        <div className="au-head">
          <h2 id="audit-list-h">{t('audit.entries')}</h2>
          <a
            className="au-export"
            href={exportUrl}
            download="audit-log.csv"
            aria-describedby="audit-export-hint"
            data-testid="audit-export"
          >
            {t('audit.export')}
          </a>
        </div>
        <p className="hint" id="audit-export-hint">
          {t('audit.exportHint')}
        </p>
        {error && (
          <p className="cb-error" role="alert">
            {error}
          </p>
        )}
        {entries === null ? (
          !error && <p className="muted">{t('audit.loading')}</p>
        ) : !entries.length ? (
          <p className="muted" data-testid="audit-empty">
            {t('audit.empty')}
          </p>
        ) : (
          <AuditTable entries={entries} users={users} />
        )}
        {entries !== null && nextCursor && (
          <div>
            <button type="button" disabled={loading} onClick={() => void load(filters, nextCursor)}>
              {loading ? t('audit.loading') : t('audit.loadMore')}
            </button>
          </div>
        )}
      </section>
    </div>
  );
}
