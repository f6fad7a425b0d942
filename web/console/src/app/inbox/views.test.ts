import { describe, expect, it } from 'vitest';
import type { ConversationDTO, ConversationRow } from '../../../../../shared/dto.ts';
import { upsertMessages, type UiMessage } from '../conversation/messages.ts';
import {
  applyConversation,
  compareRows,
  insertSorted,
  matchesView,
  mergePage,
  queryString,
} from './views.ts';

const conv = (over: Partial<ConversationDTO> = {}): ConversationDTO => ({
  id: 'c1',
  displayId: 1,
  inboxId: 'i1',
  contactId: 'k1',
  status: 'open',
  snoozedUntil: null,
  priority: 'none',
  assigneeId: null,
  teamId: null,
  mode: 'human',
  lastSeq: 1,
  lastMessageAt: null,
  waitingSince: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  resolvedAt: null,
  customAttributes: {},
  labels: [],
  ...over,
});
const row = (over: Partial<ConversationDTO> = {}): ConversationRow => ({
  ...conv(over),
  contact: null,
  unreadCount: 0,
  lastMessage: null,
});

describe('matchesView', () => {
  const cases: Array<[string, Partial<ConversationDTO>, Record<string, string>, boolean | null]> = [
    ['mine: assigned to me', { assigneeId: 'me-id' }, { assignee: 'me', status: 'open' }, true],
    ['mine: someone else', { assigneeId: 'x' }, { assignee: 'me', status: 'open' }, false],
    ['unassigned', { assigneeId: null }, { assignee: 'none', status: 'open' }, true],
    [
      'unassigned but resolved',
      { status: 'resolved' },
      { assignee: 'none', status: 'open' },
      false,
    ],
    ['multi-status', { status: 'pending' }, { status: 'open,pending' }, true],
    ['team', { teamId: 't1' }, { team: 't1' }, true],
    ['other team', { teamId: 't2' }, { team: 't1' }, false],
    ['no team', { teamId: null }, { team: 'none' }, true],
    ['inbox', { inboxId: 'i2' }, { inbox: 'i1' }, false],
    ['label present', { labels: ['vip'] }, { label: 'vip' }, true],
    ['label absent', { labels: [] }, { label: 'vip' }, false],
    ['labels unknown', { labels: undefined }, { label: 'vip' }, null],
    ['text search cannot be decided', {}, { q: 'hello' }, null],
    ['specific agent', { assigneeId: 'a9' }, { assignee: 'a9' }, true],
  ];
  for (const [name, c, q, want] of cases)
    it(name, () => expect(matchesView(conv(c), q, 'me-id')).toBe(want));
});

describe('compareRows (same order as the server)', () => {
  it('waiting: oldest first, not waiting last', () => {
    const rows = [
      conv({ id: 'a', waitingSince: null }),
      conv({ id: 'b', waitingSince: '2026-01-02T00:00:00Z' }),
      conv({ id: 'c', waitingSince: '2026-01-01T00:00:00Z' }),
    ];
    expect(rows.sort(compareRows('waiting')).map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });
  it('priority: urgent first, then last activity', () => {
    const rows = [
      conv({ id: 'a', priority: 'low' }),
      conv({ id: 'b', priority: 'urgent' }),
      conv({ id: 'c', priority: 'low', updatedAt: '2026-02-01T00:00:00Z' }),
      conv({ id: 'd', priority: 'none' }),
    ];
    expect(rows.sort(compareRows('priority')).map((r) => r.id)).toEqual(['b', 'c', 'a', 'd']);
  });
  it('last activity: newest first, ties by id desc', () => {
    const rows = [
      conv({ id: 'a' }),
      conv({ id: 'b' }),
      conv({ id: 'c', updatedAt: '2026-03-01T00:00:00Z' }),
    ];
    expect(rows.sort(compareRows('last_activity')).map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('live list updates', () => {
  it('moves an updated row to the top, removes rows that leave the view, asks to fetch new ones', () => {
    const rows = [row({ id: 'b', updatedAt: '2026-01-02T00:00:00Z' }), row({ id: 'a' })];
    const moved = applyConversation(
      rows,
      conv({ id: 'a', updatedAt: '2026-01-03T00:00:00Z' }),
      { status: 'open' },
      'me',
      'last_activity',
      { unreadCount: 2 },
    );
    expect(moved.rows.map((r) => r.id)).toEqual(['a', 'b']);
    expect(moved.rows[0].unreadCount).toBe(2);
    expect(
      applyConversation(
        rows,
        conv({ id: 'a', status: 'resolved' }),
        { status: 'open' },
        'me',
        'last_activity',
      ).rows.map((r) => r.id),
    ).toEqual(['b']);
    expect(
      applyConversation(rows, conv({ id: 'new' }), { status: 'open' }, 'me', 'last_activity').fetch,
    ).toBe(true);
    expect(
      applyConversation(
        rows,
        conv({ id: 'new', status: 'closed' }),
        { status: 'open' },
        'me',
        'last_activity',
      ).fetch,
    ).toBe(false);
  });
  it('insertSorted keeps the order (binary search)', () => {
    const cmp = (a: number, b: number) => a - b;
    expect(insertSorted([1, 3, 5], 4, cmp)).toEqual([1, 3, 4, 5]);
    expect(insertSorted([], 1, cmp)).toEqual([1]);
    expect(insertSorted([1, 2], 0, cmp)).toEqual([0, 1, 2]);
    expect(insertSorted([1, 2], 9, cmp)).toEqual([1, 2, 9]);
  });
  it('a live update among 100k loaded rows re-inserts with O(log n) comparisons, not a full sort', () => {
    let calls = 0;
    const cmp = (a: number, b: number) => {
      calls++;
      return a - b;
    };
    insertSorted(
      Array.from({ length: 100_000 }, (_, i) => i * 2),
      77_777,
      cmp,
    );
    expect(calls).toBeLessThanOrEqual(17);
    const many = Array.from({ length: 100_000 }, (_, i) =>
      row({
        id: `c${String(i).padStart(6, '0')}`,
        updatedAt: new Date(Date.UTC(2026, 0, 1) - i * 1000).toISOString(),
      }),
    );
    const r = applyConversation(
      many,
      conv({ id: 'c050000', updatedAt: '2026-06-01T00:00:00Z' }),
      {},
      'me',
      'last_activity',
    );
    expect(r.rows[0].id).toBe('c050000');
    expect(r.rows).toHaveLength(100_000);
  });
  it('pages are appended without duplicates', () => {
    expect(
      mergePage([row({ id: 'a' }), row({ id: 'b' })], [row({ id: 'b' }), row({ id: 'c' })]).map(
        (r) => r.id,
      ),
    ).toEqual(['a', 'b', 'c']);
  });
  it('builds the list query', () => {
    expect(queryString({ status: 'open', assignee: 'me', q: '' }, 'priority', 50, 'cur')).toBe(
      'status=open&assignee=me&sort=priority&limit=50&cursor=cur',
    );
  });
});

describe('message stream merging', () => {
  const msg = (seq: number, over: Partial<UiMessage> = {}): UiMessage => ({
    id: `m${seq}`,
    conversationId: 'c',
    seq,
    type: 'incoming',
    sender: { type: 'contact', id: 'k' },
    content: `m${seq}`,
    attributes: {},
    attachments: [],
    clientMessageId: null,
    status: 'sent',
    createdAt: '2026-01-01T00:00:00Z',
    ...over,
  });
  it('orders by seq and drops duplicates (socket event + REST answer + resume replay)', () => {
    const a = upsertMessages([], [msg(2), msg(1)]);
    expect(upsertMessages(a, [msg(2), msg(3), msg(1)]).map((m) => m.seq)).toEqual([1, 2, 3]);
  });
  it('replaces the pending copy of my message once the server copy arrives, in either order', () => {
    const pending = msg(Number.MAX_SAFE_INTEGER, {
      id: 'local-x',
      clientMessageId: 'x',
      local: 'sending',
      type: 'outgoing',
    });
    const server = msg(5, { id: 'm5', clientMessageId: 'x', type: 'outgoing' });
    expect(upsertMessages(upsertMessages([msg(4)], [pending]), [server]).map((m) => m.id)).toEqual([
      'm4',
      'm5',
    ]);
    expect(upsertMessages(upsertMessages([msg(4)], [server]), [pending]).map((m) => m.id)).toEqual([
      'm4',
      'm5',
    ]);
    expect(upsertMessages([msg(6)], [pending]).map((m) => m.id)).toEqual(['m6', 'local-x']); // pending stays last
  });
});
