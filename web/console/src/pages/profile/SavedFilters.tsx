/** Inbox sidebar section: my saved filters; save the current view under a name; delete. */
import { Plus, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { InboxQuery, SidebarSectionProps } from '../../extensions.ts';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { registerStrings } from '../register-strings.ts';
import { ErrorNote, useAction, useLoad } from '../settings/ui.tsx';

registerStrings();

interface SavedFilter {
  id: string;
  name: string;
  filter: InboxQuery & { sort?: string };
}
const KEYS = ['status', 'assignee', 'team', 'inbox', 'label', 'mode', 'q'] as const;

/** Only the list-query fields the server accepts, without empty values. */
export function cleanQuery(q: InboxQuery): InboxQuery {
  const out: Record<string, string> = {};
  for (const k of KEYS) {
    const v = q[k];
    if (typeof v === 'string' && v.trim()) out[k] = v.trim();
  }
  return out as InboxQuery;
}

export default function SavedFilters({ current, select }: SidebarSectionProps) {
  const t = useT();
  const list = useLoad(() =>
    api<{ data: SavedFilter[] }>('GET', '/api/v1/saved-filters').then((r) => r.data),
  );
  const [naming, setNaming] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);
  // The name form replaces the "save current view" button the user just pressed: the name is
  // the one thing left to type.
  useEffect(() => {
    if (naming) nameInput.current?.focus();
  }, [naming]);
  const [name, setName] = useState('');
  const act = useAction();
  const view = (f: SavedFilter) => ({
    key: `saved:${f.id}`,
    label: f.name,
    query: cleanQuery(f.filter),
  });
  return (
    <div className="cb-saved-filters" data-testid="saved-filters">
      <h2>{t('saved.title')}</h2>
      <ul>
        {list.data?.map((f) => (
          <li key={f.id}>
            <button
              type="button"
              aria-pressed={current.key === `saved:${f.id}`}
              onClick={() => select(view(f))}
            >
              {f.name}
            </button>
            <button
              type="button"
              className="cb-x"
              aria-label={t('saved.delete', { name: f.name })}
              disabled={act.busy}
              onClick={() => {
                void act.run(async () => {
                  await api('DELETE', `/api/v1/saved-filters/${f.id}`);
                  list.reload();
                });
              }}
            >
              <X className="icon" aria-hidden="true" />
            </button>
          </li>
        ))}
      </ul>
      {list.data?.length === 0 && !naming && (
        <p className="hint" style={{ padding: '0 12px' }}>
          {t('saved.empty')}
        </p>
      )}
      {naming ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act.run(async () => {
              const f = await api<SavedFilter>('POST', '/api/v1/saved-filters', {
                name: name.trim(),
                filter: cleanQuery(current.query),
              });
              setNaming(false);
              setName('');
              list.reload();
              select(view(f));
            });
          }}
        >
          <label className="sr-only" htmlFor="saved-filter-name">
            {t('saved.name')}
          </label>
          <input
            id="saved-filter-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={current.label}
            maxLength={60}
            required
            ref={nameInput}
          />
          <button type="submit" disabled={act.busy || !name.trim()}>
            {t('cb.save')}
          </button>
        </form>
      ) : (
        <button
          type="button"
          style={{ justifyContent: 'flex-start', gap: 6 }}
          onClick={() => {
            setNaming(true);
            setName(current.label);
          }}
        >
          <Plus className="icon" aria-hidden="true" />
          {t('saved.saveCurrent')}
        </button>
      )}
      <ErrorNote error={act.error ?? list.error} />
    </div>
  );
}
