/** Inbox views and live-list rules: pure functions (no React), used by the inbox and its tests. */
import type { InboxQuery, InboxView } from '../../extensions.ts';
import type { ConversationDTO, ConversationRow } from '../../../../../shared/dto.ts';

export type Sort = 'last_activity' | 'waiting' | 'priority';
export const SORTS: Sort[] = ['last_activity', 'waiting', 'priority'];
export const STATUSES = ['open', 'pending', 'snoozed', 'resolved', 'closed'] as const;

/**
 * The conversation views. The human ones (mine, unassigned, all open) hold the conversations people
 * own (`mode: human`); what the bot owns waits in its own view until it hands over (Intercom keeps
 * them out the same way), so a busy bot adds no unread noise to the people's inbox.
 */
export const standardViews = (label: (k: string) => string): InboxView[] => [
  {
    key: 'mine',
    label: label('view.mine'),
    query: { assignee: 'me', status: 'open', mode: 'human' },
  },
  {
    key: 'unassigned',
    label: label('view.unassigned'),
    query: { assignee: 'none', status: 'open', mode: 'human' },
  },
  { key: 'all', label: label('view.all'), query: { status: 'open', mode: 'human' } },
  { key: 'bot', label: label('view.bot'), query: { status: 'open', mode: 'bot' } },
];

/** Whether a view lists the bot's conversations (their rows carry no unread badge). */
export const isBotView = (q: InboxQuery) => q.mode === 'bot';

export function queryString(
  q: InboxQuery,
  sort: Sort,
  limit: number,
  cursor?: string | null,
): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v != null && v !== '') p.set(k, String(v));
  p.set('sort', sort);
  p.set('limit', String(limit));
  if (cursor) p.set('cursor', cursor);
  return p.toString();
}

/** Whether a conversation belongs in a view; null when it cannot be decided on the client (text search). */
export function matchesView(c: ConversationDTO, q: InboxQuery, meId: string): boolean | null {
  if (q.q) return null;
  if (q.status && !q.status.split(',').includes(c.status)) return false;
  if (q.assignee === 'me' && c.assigneeId !== meId) return false;
  if (q.assignee === 'none' && c.assigneeId !== null) return false;
  if (q.assignee && q.assignee !== 'me' && q.assignee !== 'none' && c.assigneeId !== q.assignee)
    return false;
  if (q.team && (q.team === 'none' ? c.teamId !== null : c.teamId !== q.team)) return false;
  if (q.inbox && c.inboxId !== q.inbox) return false;
  if (q.mode && c.mode !== q.mode) return false;
  if (q.label) {
    if (!c.labels) return null;
    if (!c.labels.includes(q.label)) return false;
  }
  return true;
}

const RANK: Record<string, number> = { urgent: 4, high: 3, medium: 2, low: 1, none: 0 };
const time = (s: string | null) => (s ? Date.parse(s) : Number.POSITIVE_INFINITY);

/** Same order as the server's keyset sorts (server/queries/conversations.ts). */
export function compareRows(sort: Sort): (a: ConversationDTO, b: ConversationDTO) => number {
  const byIdDesc = (a: ConversationDTO, b: ConversationDTO) =>
    a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
  if (sort === 'waiting')
    return (a, b) => time(a.waitingSince) - time(b.waitingSince) || -byIdDesc(a, b);
  if (sort === 'priority')
    return (a, b) =>
      (RANK[b.priority] ?? 0) - (RANK[a.priority] ?? 0) ||
      Date.parse(b.updatedAt) - Date.parse(a.updatedAt) ||
      byIdDesc(a, b);
  return (a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || byIdDesc(a, b);
}

/** Appends a fetched page, dropping rows already present (live inserts may overlap pages). */
export function mergePage(rows: ConversationRow[], page: ConversationRow[]): ConversationRow[] {
  const seen = new Set(rows.map((r) => r.id));
  return [...rows, ...page.filter((r) => !seen.has(r.id))];
}

/**
 * Applies a live conversation change to the loaded rows: updates in place, removes rows that left
 * the view, keeps the sort order. Returns 'fetch' when the row is new to the list and belongs in it.
 */
export function applyConversation(
  rows: ConversationRow[],
  c: ConversationDTO,
  q: InboxQuery,
  meId: string,
  sort: Sort,
  patch: Partial<ConversationRow> = {},
): { rows: ConversationRow[]; fetch: boolean } {
  const i = rows.findIndex((r) => r.id === c.id);
  const match = matchesView(c, q, meId);
  if (i < 0) return { rows, fetch: match !== false };
  if (match === false) return { rows: rows.filter((r) => r.id !== c.id), fetch: false };
  const merged: ConversationRow = {
    ...rows[i],
    ...c,
    labels: c.labels ?? rows[i].labels,
    ...patch,
  };
  const next = rows.slice(0, i).concat(rows.slice(i + 1));
  // O(log n) re-insertion keeps live updates cheap with many loaded rows (a row that moves below the last
  // loaded row is kept at the end; mergePage drops it from the page that brings it again)
  return { rows: insertSorted(next, merged, compareRows(sort)), fetch: false };
}

/** Inserts into an array sorted by cmp (binary search), returning a new array. */
export function insertSorted<T>(sorted: T[], item: T, cmp: (a: T, b: T) => number): T[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(sorted[mid], item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return [...sorted.slice(0, lo), item, ...sorted.slice(lo)];
}
