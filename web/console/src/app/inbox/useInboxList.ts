/** The inbox list state: keyset pages of a view + live updates from the agent socket. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { InboxView } from '../../extensions.ts';
import { api } from '../../lib/api.ts';
import { useRealtime, type AgentEvent } from '../../lib/realtime.ts';
import type { ConversationDTO, ConversationRow, MessageDTO } from '../../../../../shared/dto.ts';
import {
  applyConversation,
  compareRows,
  insertSorted,
  matchesView,
  mergePage,
  queryString,
  type Sort,
} from './views.ts';

const PAGE = 50;
const markedUnread = new Set<string>();
/** Called before POST /conversations/:id/unread so the list shows the row as unread when the read event comes back. */
export function noteMarkedUnread(conversationId: string): void {
  markedUnread.add(conversationId);
}

export function useInboxList(view: InboxView, sort: Sort, meId: string, openId: string | null) {
  const [rows, setRows] = useState<ConversationRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const gen = useRef(0);
  const busy = useRef(false);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const openRef = useRef(openId);
  openRef.current = openId;

  const reload = useCallback(async () => {
    const g = ++gen.current;
    busy.current = true;
    setLoading(true);
    try {
      const r = await api<{ data: ConversationRow[]; nextCursor: string | null }>(
        'GET',
        `/api/v1/conversations?${queryString(view.query, sort, PAGE)}`,
      );
      if (g !== gen.current) return;
      setRows(r.data);
      setCursor(r.nextCursor);
      setDone(!r.nextCursor);
      setError(null);
    } catch (e) {
      if (g === gen.current) setError((e as Error).message);
    } finally {
      if (g === gen.current) {
        busy.current = false;
        setLoading(false);
      }
    }
  }, [view, sort]);

  useEffect(() => {
    setRows([]);
    setDone(false);
    void reload();
  }, [reload]);

  const loadMore = useCallback(async () => {
    if (busy.current || done || !cursor) return;
    const g = gen.current;
    busy.current = true;
    setLoading(true);
    try {
      const r = await api<{ data: ConversationRow[]; nextCursor: string | null }>(
        'GET',
        `/api/v1/conversations?${queryString(view.query, sort, PAGE, cursor)}`,
      );
      if (g !== gen.current) return;
      setRows((prev) => mergePage(prev, r.data));
      setCursor(r.nextCursor);
      setDone(!r.nextCursor);
    } catch (e) {
      if (g === gen.current) setError((e as Error).message);
    } finally {
      if (g === gen.current) {
        busy.current = false;
        setLoading(false);
      }
    }
  }, [view, sort, cursor, done]);

  const fetchOne = useCallback(
    async (c: ConversationDTO, patch: Partial<ConversationRow>) => {
      const g = gen.current;
      try {
        // The row as the list has it now (unread count, last message, contact): a conversation that
        // enters the view (e.g. the bot handed it over) arrives with what the customer left unread.
        const latest = await api<{ data: ConversationRow[] }>(
          'GET',
          `/api/v1/conversations?contact=${encodeURIComponent(c.contactId)}&limit=10`,
        );
        let row = latest.data.find((r) => r.id === c.id);
        if (!row) {
          const d = await api<ConversationDTO & { contact: ConversationRow['contact'] }>(
            'GET',
            `/api/v1/conversations/${c.id}`,
          );
          row = { ...d, unreadCount: 0, lastMessage: null, ...patch };
        }
        const found = row;
        if (g !== gen.current || matchesView(found, view.query, meId) !== true) return; // label/search views: only rows known to match
        setRows((prev) => {
          if (prev.some((r) => r.id === found.id))
            return prev.map((r) => (r.id === found.id ? { ...r, ...patch } : r));
          const next = insertSorted(prev, found, compareRows(sort));
          // keep only rows inside the loaded window unless the list is complete
          const last = prev[prev.length - 1];
          if (!done && last && compareRows(sort)(found, last) > 0) return prev;
          return next;
        });
      } catch {
        /* gone or no access */
      }
    },
    [sort, done, view, meId],
  );

  const onEvent = useCallback(
    (e: AgentEvent) => {
      if (e.type === 'resync') {
        void reload();
        return;
      }
      if (e.type === 'conversation.read') {
        if (e.payload.reader?.type === 'user' && e.payload.reader.id === meId) {
          // my read cursor moved: read → 0; "mark unread" (from this tab) → at least 1
          const unread = markedUnread.delete(e.payload.conversationId);
          setRows((prev) =>
            prev.map((r) =>
              r.id === e.payload.conversationId
                ? { ...r, unreadCount: unread ? Math.max(1, r.unreadCount) : 0 }
                : r,
            ),
          );
        }
        return;
      }
      const c = e.payload?.conversation as ConversationDTO | undefined;
      if (
        !c ||
        (!e.type.startsWith('conversation.') &&
          e.type !== 'message.created' &&
          e.type !== 'message.updated')
      )
        return;
      let patch: Partial<ConversationRow> = {};
      if (e.type === 'message.created') {
        const m = e.payload.message as MessageDTO;
        const existing = rowsRef.current.find((r) => r.id === c.id);
        patch = {
          lastMessage:
            m.type === 'activity'
              ? (existing?.lastMessage ?? null)
              : {
                  content: m.content.slice(0, 280),
                  type: m.type,
                  senderType: m.sender.type,
                  createdAt: m.createdAt,
                },
          unreadCount:
            (existing?.unreadCount ?? 0) +
            (m.type === 'incoming' && openRef.current !== c.id ? 1 : 0),
        };
      }
      const needFetch = applyConversation(rowsRef.current, c, view.query, meId, sort, patch).fetch;
      setRows((prev) => applyConversation(prev, c, view.query, meId, sort, patch).rows);
      if (needFetch) void fetchOne(c, patch);
    },
    [view, sort, meId, reload, fetchOne],
  );
  useRealtime(onEvent);

  return { rows, loading, done, error, loadMore, reload };
}
