/**
 * The live state of one conversation: initial load, realtime updates (messages, viewers, typing),
 * catch-up after a reconnect, read receipts, paging back, and sending with optimistic messages.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  AttachmentDTO,
  ContactDTO,
  ConversationDTO,
  MessageDTO,
} from '../../../../../shared/dto.ts';
import { api, ApiError } from '../../lib/api.ts';
import { t } from '../../lib/i18n.ts';
import { realtime, useRealtime, useRealtimeStatus } from '../../lib/realtime.ts';
import type { UiMessage } from './MessageList.tsx';
import { upsertMessages } from './messages.ts';

export type Conversation = ConversationDTO & {
  contact: ContactDTO | null;
  contactLastReadSeq?: number;
};
export interface Viewer {
  userId: string;
  typing: boolean;
}
type Page = { data: MessageDTO[]; hasMore: boolean };

const newClientId = () =>
  crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;

export function useConversation(id: string, meId: string) {
  const status = useRealtimeStatus();
  const [conv, setConv] = useState<Conversation | null>(null);
  const [messages, setMessages] = useState<UiMessage[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [contactReadSeq, setContactReadSeq] = useState(0);
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({});
  const msgsRef = useRef(messages);
  msgsRef.current = messages;
  const lastSeq = () => msgsRef.current.reduce((n, m) => (m.local ? n : Math.max(n, m.seq)), 0);

  // initial load
  useEffect(() => {
    let live = true;
    Promise.all([
      api<Conversation>('GET', `/api/v1/conversations/${id}`),
      api<Page>('GET', `/api/v1/conversations/${id}/messages?limit=50`),
    ]).then(
      ([c, page]) => {
        if (!live) return;
        setConv(c);
        setContactReadSeq((s) => Math.max(s, c.contactLastReadSeq ?? 0));
        setMessages((prev) => upsertMessages(prev, page.data));
        setHasMore(page.hasMore);
      },
      (e) => {
        if (live)
          setError(
            e instanceof ApiError && e.status === 404
              ? t('conversation.notFound')
              : t('error.load'),
          );
      },
    );
    const leave = realtime.join(id);
    const offViewers = realtime.on(
      'conversation.viewers',
      (p: { conversationId: string; viewers: Viewer[] }) => {
        if (p.conversationId === id) setViewers(p.viewers.filter((v) => v.userId !== meId));
      },
    );
    const offTyping = realtime.on(
      'typing',
      (p: {
        conversationId: string;
        from: { type: string; id: string; name?: string };
        typing: boolean;
      }) => {
        if (p.conversationId !== id || (p.from.type === 'user' && p.from.id === meId)) return;
        setTyping((prev) => {
          const next = { ...prev };
          if (p.typing)
            next[`${p.from.type}:${p.from.id}`] = {
              name: p.from.type === 'contact' ? '' : (p.from.name ?? ''),
              until: Date.now() + 8000,
            };
          else delete next[`${p.from.type}:${p.from.id}`];
          return next;
        });
      },
    );
    return () => {
      live = false;
      leave();
      offViewers();
      offTyping();
    };
  }, [id, meId]);

  // expire stale typing indicators
  useEffect(() => {
    if (!Object.keys(typing).length) return;
    const h = window.setInterval(
      () =>
        setTyping((prev) => {
          const now = Date.now();
          const next = Object.fromEntries(Object.entries(prev).filter(([, v]) => v.until > now));
          return Object.keys(next).length === Object.keys(prev).length ? prev : next;
        }),
      1000,
    );
    return () => window.clearInterval(h);
  }, [typing]);

  /** Pages forward from the newest message we have (up to 1,000 messages; older gaps load on scroll). */
  const fetchAfter = useCallback(async () => {
    let after = lastSeq();
    for (let i = 0; i < 10; i++) {
      const page = await api<Page>(
        'GET',
        `/api/v1/conversations/${id}/messages?after=${after}&limit=100`,
      );
      msgsRef.current = upsertMessages(msgsRef.current, page.data);
      setMessages((prev) => upsertMessages(prev, page.data));
      if (!page.hasMore || !page.data.length) return;
      after = page.data[page.data.length - 1].seq;
    }
  }, [id]);

  // catch up by seq after a reconnect or a resync (the event resume covers most; this closes any gap)
  const catchUp = useCallback(async () => {
    try {
      await fetchAfter();
      const c = await api<Conversation>('GET', `/api/v1/conversations/${id}`);
      setConv(c);
    } catch {
      /* next reconnect retries */
    }
  }, [id, fetchAfter]);
  const newerTimer = useRef<number | undefined>(undefined);
  const fetchNewer = () => {
    window.clearTimeout(newerTimer.current);
    newerTimer.current = window.setTimeout(() => {
      fetchAfter().catch(() => {});
    }, 50);
  };
  useEffect(() => () => window.clearTimeout(newerTimer.current), []);
  const prevStatus = useRef(status);
  useEffect(() => {
    if (prevStatus.current !== 'online' && status === 'online' && conv) void catchUp();
    prevStatus.current = status;
  }, [status, conv, catchUp]);

  useRealtime((e) => {
    if (e.type === 'resync') {
      void catchUp();
      return;
    }
    const p = e.payload;
    if (
      (e.type === 'message.created' || e.type === 'message.updated') &&
      p.message?.conversationId === id
    ) {
      setMessages((prev) => upsertMessages(prev, [p.message]));
      if (p.conversation)
        setConv((c) =>
          c ? { ...c, ...p.conversation, labels: p.conversation.labels ?? c.labels } : c,
        );
      if (p.message.sender.type === 'contact')
        setTyping((prev) => {
          const n = { ...prev };
          for (const k of Object.keys(n)) if (k.startsWith('contact:')) delete n[k];
          return n;
        });
    } else if (e.type.startsWith('conversation.') && p.conversation?.id === id) {
      setConv((c) =>
        c ? { ...c, ...p.conversation, labels: p.conversation.labels ?? c.labels } : c,
      );
      // activity messages (assignment, status) have no message.created event: fetch what the seq says we miss
      if (p.conversation.lastSeq > lastSeq()) fetchNewer();
    } else if (
      e.type === 'conversation.read' &&
      p.conversationId === id &&
      p.reader.type === 'contact'
    ) {
      setContactReadSeq((s) => Math.max(s, p.seq));
    }
  });

  // mark read while the conversation is visible
  const lastIncoming = useMemo(
    () => messages.reduce((n, m) => (m.type === 'incoming' ? Math.max(n, m.seq) : n), 0),
    [messages],
  );
  const readSent = useRef(0);
  useEffect(() => {
    if (!lastIncoming || lastIncoming <= readSent.current || document.visibilityState !== 'visible')
      return;
    const h = window.setTimeout(() => {
      readSent.current = lastIncoming;
      api('POST', `/api/v1/conversations/${id}/read`, { seq: lastIncoming }).catch(() => {
        readSent.current = 0;
      });
    }, 300);
    return () => window.clearTimeout(h);
  }, [lastIncoming, id]);

  async function loadEarlier() {
    const first = messages.find((m) => !m.local);
    if (!first) return;
    const page = await api<Page>(
      'GET',
      `/api/v1/conversations/${id}/messages?before=${first.seq}&limit=50`,
    );
    setMessages((prev) => upsertMessages(prev, page.data));
    setHasMore(page.hasMore);
  }

  function send(
    content: string,
    isPrivate: boolean,
    attachments: AttachmentDTO[],
    clientMessageId: string = newClientId(),
  ) {
    const pending: UiMessage = {
      id: `local-${clientMessageId}`,
      conversationId: id,
      seq: Number.MAX_SAFE_INTEGER,
      type: isPrivate ? 'note' : 'outgoing',
      sender: { type: 'user', id: meId },
      content,
      attributes: {},
      attachments,
      clientMessageId,
      status: 'sending',
      createdAt: new Date().toISOString(),
      local: 'sending',
    };
    setMessages((prev) => upsertMessages(prev, [pending]));
    const attempt = (n: number): Promise<void> =>
      api<MessageDTO>('POST', `/api/v1/conversations/${id}/messages`, {
        content,
        private: isPrivate,
        clientMessageId,
        attachmentIds: attachments.map((a) => a.id),
      })
        .then((m) => setMessages((prev) => upsertMessages(prev, [m])))
        .catch((err) => {
          if (err instanceof ApiError && err.status === 0 && n < 5)
            return new Promise<void>((r) => window.setTimeout(r, 1000 * (n + 1))).then(() =>
              attempt(n + 1),
            );
          setMessages((prev) =>
            prev.map((m) => (m.id === pending.id ? { ...m, local: 'failed' } : m)),
          );
        });
    void attempt(0);
  }

  return {
    conv,
    setConv,
    messages,
    hasMore,
    error,
    contactReadSeq,
    viewers,
    typing,
    loadEarlier,
    send,
  };
}
