/**
 * The inbox's left column: the conversation views with their counts (mine, unassigned, all open,
 * with the bot), statuses, teams, inboxes and labels, then the extensions' sidebar sections.
 * Labels are built on every render from the current language, so switching zh ↔ en renames them at once.
 */
import { type ComponentType, lazy, Suspense } from 'react';
import {
  type InboxView,
  type SidebarSection,
  type SidebarSectionProps,
  sidebarSections,
} from '../../extensions.ts';
import { api } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { hasRole, type Me } from '../../lib/session.ts';
import { useDirectory } from '../directory.ts';
import { STATUSES, standardViews } from './views.ts';

/** GET /api/v1/conversations/counts?mode=human: the human views' counts, and the bot's open ones. */
export interface Counts {
  mine: number;
  unassigned: number;
  all: number;
  bot: number;
  byStatus: Record<string, number>;
  byTeam: Record<string, number>;
  byInbox: Record<string, number>;
  byLabel: Record<string, number>;
}
export const loadViewCounts = () => api<Counts>('GET', '/api/v1/conversations/counts?mode=human');

export interface ViewGroup {
  title: string;
  items: Array<{ v: InboxView; n?: number }>;
}

/** Every view of the sidebar, grouped, labelled in the current language. */
export function useViewGroups(counts: Counts | null): ViewGroup[] {
  const t = useT();
  const dir = useDirectory();
  // Statuses, teams, inboxes and labels list what people own, like the views above them.
  const human = { mode: 'human' as const };
  return [
    {
      title: t('views.conversations'),
      items: standardViews(t).map((v) => ({
        v,
        n: counts?.[v.key as 'mine' | 'unassigned' | 'all' | 'bot'],
      })),
    },
    {
      title: t('views.status'),
      items: STATUSES.map((s) => ({
        v: { key: `status:${s}`, label: t(`status.${s}`), query: { status: s, ...human } },
        n: counts?.byStatus[s] ?? 0,
      })),
    },
    {
      title: t('views.teams'),
      items: dir.teams.map((tm) => ({
        v: {
          key: `team:${tm.id}`,
          label: tm.name,
          query: { team: tm.id, status: 'open', ...human },
        },
        n: counts?.byTeam[tm.id] ?? 0,
      })),
    },
    {
      title: t('views.inboxes'),
      items: dir.inboxes.map((ib) => ({
        v: {
          key: `inbox:${ib.id}`,
          label: ib.name,
          query: { inbox: ib.id, status: 'open', ...human },
        },
        n: counts?.byInbox[ib.id] ?? 0,
      })),
    },
    {
      title: t('views.labels'),
      items: dir.labels.map((l) => ({
        v: {
          key: `label:${l.name}`,
          label: l.name,
          query: { label: l.name, status: 'open', ...human },
        },
        n: counts?.byLabel[l.name] ?? 0,
      })),
    },
  ];
}

const sectionComponents = new Map<string, ComponentType<SidebarSectionProps>>();
const sectionFor = (s: SidebarSection) => {
  let C = sectionComponents.get(s.id);
  if (!C) {
    C = lazy(s.load);
    sectionComponents.set(s.id, C);
  }
  return C;
};

export function ViewsSidebar({
  me,
  groups,
  current,
  select,
}: {
  me: Me;
  groups: ViewGroup[];
  /** The shown view, labelled in the current language. */
  current: InboxView;
  select: (v: InboxView) => void;
}) {
  const t = useT();
  return (
    <aside className="views" aria-label={t('views.title')}>
      {groups
        .filter((g) => g.items.length)
        .map((g) => (
          <section key={g.title}>
            <h2>{g.title}</h2>
            {g.items.map(({ v, n }) => (
              <button
                type="button"
                key={v.key}
                aria-pressed={current.key === v.key}
                data-testid={v.key}
                className={v.key === 'bot' ? 'botview' : undefined}
                onClick={() => select(v)}
              >
                <span>{v.label}</span>
                {n != null && (
                  <span className={v.key === 'bot' ? 'badge quiet' : 'badge'}>{n}</span>
                )}
              </button>
            ))}
          </section>
        ))}
      {sidebarSections
        .filter((s) => hasRole(me.user, s.minRole))
        .map((s) => {
          const C = sectionFor(s);
          return (
            <Suspense key={s.id} fallback={null}>
              <C current={current} select={select} />
            </Suspense>
          );
        })}
    </aside>
  );
}
