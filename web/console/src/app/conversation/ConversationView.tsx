/** One conversation: header actions, collision warning, live message stream, composer, AI + extension panels. */
import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ComponentType,
} from 'react';
import {
  conversationPanels,
  type ConversationPanel,
  type ConversationPanelProps,
} from '../../extensions.ts';
import { api, ApiError } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { realtime, useRealtime, useRealtimeStatus } from '../../lib/realtime.ts';
import { hasRole, type Me } from '../../lib/session.ts';
import type {
  AttachmentDTO,
  ContactDTO,
  ConversationDTO,
  MessageDTO,
} from '../../../../../shared/dto.ts';
import { agentName, useDirectory } from '../directory.ts';
import { isTyping } from '../Shell.tsx';
import { noteMarkedUnread } from '../inbox/useInboxList.ts';
import { Icon } from '../icons.tsx';
import { AssistPanel } from './AssistPanel.tsx';
import { Composer, type ComposerHandle } from './Composer.tsx';
import { AssignDialog, LabelsDialog, SnoozeDialog } from './dialogs.tsx';
import { MessageList, type UiMessage } from './MessageList.tsx';
import { upsertMessages } from './messages.ts';

type Conversation = ConversationDTO & { contact: ContactDTO | null; contactLastReadSeq?: number };
interface Viewer {
  userId: string;
  typing: boolean;
}

const panelComponents = new Map<string, ComponentType<ConversationPanelProps>>();
const panelFor = (p: ConversationPanel) => {
  let C = panelComponents.get(p.id);
  if (!C) {
    C = lazy(p.load);
    panelComponents.set(p.id, C);
  }
  return C;
};

const newClientId = () =>
  crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;

export function ConversationView({ id, me, onBack }: { id: string; me: Me; onBack: () => void }) {
  const t = useT();
  useDirectory();
  const status = useRealtimeStatus();
  const [conv, setConv] = useState<Conversation | null>(null);
  const [messages, setMessages] = useState<UiMessage[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [contactReadSeq, setContactReadSeq] = useState(0);
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({});
  const [dialog, setDialog] = useState<'assign' | 'labels' | 'snooze' | null>(null);
  const composer = useRef<ComposerHandle>(null);
  const msgsRef = useRef(messages);
  msgsRef.current = messages;
  const lastSeq = () => msgsRef.current.reduce((n, m) => (m.local ? n : Math.max(n, m.seq)), 0);

  // initial load
  useEffect(() => {
    let live = true;
    Promise.all([
      api<Conversation>('GET', `/api/v1/conversations/${id}`),
      api<{ data: MessageDTO[]; hasMore: boolean }>(
        'GET',
        `/api/v1/conversations/${id}/messages?limit=50`,
      ),
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
        if (p.conversationId === id) setViewers(p.viewers.filter((v) => v.userId !== me.user.id));
      },
    );
    const offTyping = realtime.on(
      'typing',
      (p: {
        conversationId: string;
        from: { type: string; id: string; name?: string };
        typing: boolean;
      }) => {
        if (p.conversationId !== id || (p.from.type === 'user' && p.from.id === me.user.id)) return;
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
  }, [id, me.user.id, t]);

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
      const page = await api<{ data: MessageDTO[]; hasMore: boolean }>(
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
    const page = await api<{ data: MessageDTO[]; hasMore: boolean }>(
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
      sender: { type: 'user', id: me.user.id },
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

  async function act<T>(fn: () => Promise<T>) {
    setActionError(null);
    try {
      const r = await fn();
      if (r && typeof r === 'object' && 'id' in (r as object) && 'status' in (r as object))
        setConv((c) => (c ? { ...c, ...(r as unknown as ConversationDTO) } : c));
    } catch (err) {
      const coded =
        err instanceof ApiError
          ? t(
              `error.${err.code}`,
              (err.details ?? undefined) as Record<string, string | number> | undefined,
            )
          : ''; // features add error.<code> strings
      setActionError(
        err instanceof ApiError
          ? coded !== `error.${err.code}`
            ? coded
            : err.message
          : t('error.network'),
      );
    }
  }
  const patch = (body: Record<string, unknown>) =>
    act(() => api<ConversationDTO>('PATCH', `/api/v1/conversations/${id}`, body));
  const assign = (body: { assigneeId?: string | null; teamId?: string | null; note?: string }) =>
    act(() => api<ConversationDTO>('POST', `/api/v1/conversations/${id}/assignment`, body));
  const setLabels = (labels: string[]) =>
    act(async () => {
      const r = await api<{ labels: string[] }>('PUT', `/api/v1/conversations/${id}/labels`, {
        labels,
      });
      setConv((c) => (c ? { ...c, labels: r.labels } : c));
    });

  // r reply · n note · a assign to me · e resolve
  const actions = useRef({ patch, assign });
  actions.current = { patch, assign };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (
        isTyping(e) ||
        e.ctrlKey ||
        e.metaKey ||
        e.altKey ||
        document.querySelector('[role="dialog"]')
      )
        return;
      if (e.key === 'r') {
        e.preventDefault();
        composer.current?.focus('reply');
      } else if (e.key === 'n') {
        e.preventDefault();
        composer.current?.focus('note');
      } else if (e.key === 'a') {
        e.preventDefault();
        void actions.current.assign({ assigneeId: me.user.id });
      } else if (e.key === 'e') {
        e.preventDefault();
        void actions.current.patch({ status: 'resolve' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [me.user.id]);

  if (error)
    return (
      <div className="placeholder" role="alert">
        {error}
      </div>
    );
  if (!conv)
    return (
      <div className="placeholder" aria-busy="true">
        {t('common.loading')}
      </div>
    );

  const contactName =
    conv.contact?.name || conv.contact?.email || `${t('contact.visitor')} #${conv.displayId}`;
  const others = viewers.filter((v, i, a) => a.findIndex((x) => x.userId === v.userId) === i);
  const typers = others.filter((v) => v.typing);
  const collision = typers.length
    ? t('collision.typing', {
        names: typers.map((v) => agentName(v.userId) ?? t('message.agent')).join(', '),
      })
    : others.length
      ? t('collision.viewing', {
          names: others.map((v) => agentName(v.userId) ?? t('message.agent')).join(', '),
        })
      : null;
  const typingNames = Object.entries(typing).map(([k, v]) =>
    k.startsWith('contact:') ? contactName : v.name || t('message.agent'),
  );
  const closed = conv.status === 'resolved' || conv.status === 'closed';
  const panels = conversationPanels.filter((p) => hasRole(me.user, p.minRole));

  return (
    <div className="conv" data-testid="conversation">
      <div className="convmain">
        <header className="convhead">
          <div className="titlebar">
            <button
              type="button"
              className="phone-only ghost"
              onClick={onBack}
              aria-label={t('common.back')}
            >
              <Icon name="back" />
            </button>
            <h2>
              {contactName}{' '}
              <span className="muted" style={{ fontWeight: 400 }}>
                #{conv.displayId}
              </span>
            </h2>
            <span className="chip" data-testid="status">
              {t(`status.${conv.status}`)}
            </span>
            {conv.mode === 'bot' && <span className="chip">{t('mode.bot')}</span>}
            <span className="muted" data-testid="assignee">
              {conv.assigneeId
                ? (agentName(conv.assigneeId) ?? t('message.agent'))
                : t('assign.unassigned')}
            </span>
            {(conv.labels ?? []).map((l) => (
              <span key={l} className="chip">
                {l}
              </span>
            ))}
          </div>
          <div className="actions">
            {conv.assigneeId !== me.user.id && (
              <button type="button" onClick={() => void assign({ assigneeId: me.user.id })}>
                {t('assign.me')}
              </button>
            )}
            <button type="button" onClick={() => setDialog('assign')}>
              {t('assign.button')}
            </button>
            <button type="button" onClick={() => setDialog('labels')}>
              {t('labels.button')}
            </button>
            <label className="sr-only" htmlFor="priority">
              {t('priority.label')}
            </label>
            <select
              id="priority"
              value={conv.priority}
              onChange={(e) => void patch({ priority: e.target.value })}
            >
              {['none', 'low', 'medium', 'high', 'urgent'].map((p) => (
                <option key={p} value={p}>
                  {t('priority.label')}: {t(`priority.${p}`)}
                </option>
              ))}
            </select>
            <label className="sr-only" htmlFor="more-actions">
              {t('action.more')}
            </label>
            <select
              id="more-actions"
              value=""
              data-testid="more-actions"
              onChange={(e) => {
                const v = e.target.value;
                e.target.value = '';
                if (v === 'unread') {
                  noteMarkedUnread(id);
                  void act(() => api('POST', `/api/v1/conversations/${id}/unread`)).then(onBack);
                } else if (v === 'pending') void patch({ status: 'pending' });
                else if (v === 'snooze') setDialog('snooze');
                else if (v === 'reopen') void patch({ status: 'reopen' });
              }}
            >
              <option value="">{t('action.more')}</option>
              <option value="unread">{t('conversation.markUnread')}</option>
              {conv.status !== 'pending' && !closed && (
                <option value="pending">{t('action.pending')}</option>
              )}
              {!closed && <option value="snooze">{t('action.snooze')}…</option>}
            </select>
            {closed || conv.status === 'snoozed' || conv.status === 'pending' ? (
              <button
                type="button"
                onClick={() => void patch({ status: 'reopen' })}
                data-testid="reopen"
              >
                {t('action.reopen')}
              </button>
            ) : null}
            {!closed && (
              <button
                type="button"
                className="primary"
                onClick={() => void patch({ status: 'resolve' })}
                data-testid="resolve"
              >
                {t('action.resolve')}
              </button>
            )}
          </div>
        </header>
        {collision && (
          <div className="banner collision" role="alert" data-testid="collision">
            <Icon name="alert" /> {collision}
          </div>
        )}
        {actionError && (
          <div className="banner collision" role="alert">
            {actionError}
          </div>
        )}
        <MessageList
          messages={messages}
          contactName={contactName}
          contactReadSeq={contactReadSeq}
          meId={me.user.id}
          hasMore={hasMore}
          onLoadEarlier={() => void loadEarlier()}
          onRetry={(m) =>
            send(m.content, m.type === 'note', m.attachments, m.clientMessageId ?? undefined)
          }
        />
        <div className="typing" aria-live="polite" data-testid="typing">
          {typingNames.length ? t('conversation.typing', { names: typingNames.join(', ') }) : ''}
        </div>
        <Composer ref={composer} conversationId={id} onSend={send} />
      </div>
      <aside className="side" aria-label={t('conversation.details')}>
        <section>
          <h3>{t('contact.title')}</h3>
          <p style={{ margin: 0 }}>
            <strong>{contactName}</strong>
          </p>
          {conv.contact?.email && (
            <p className="muted" style={{ margin: 0 }}>
              {conv.contact.email}
            </p>
          )}
          {conv.contact?.phone && (
            <p className="muted" style={{ margin: 0 }}>
              {conv.contact.phone}
            </p>
          )}
        </section>
        <AssistPanel conversationId={id} onSuggestion={(s) => composer.current?.insert(s)} />
        {panels.map((p) => {
          const C = panelFor(p);
          return (
            <Suspense key={p.id} fallback={null}>
              <C conversationId={id} contactId={conv.contactId} />
            </Suspense>
          );
        })}
      </aside>
      {dialog === 'assign' && (
        <AssignDialog
          assigneeId={conv.assigneeId}
          teamId={conv.teamId}
          onClose={() => setDialog(null)}
          onSubmit={(v) => {
            setDialog(null);
            void assign(v);
          }}
        />
      )}
      {dialog === 'labels' && (
        <LabelsDialog
          labels={conv.labels ?? []}
          onClose={() => setDialog(null)}
          onSubmit={(l) => {
            setDialog(null);
            void setLabels(l);
          }}
        />
      )}
      {dialog === 'snooze' && (
        <SnoozeDialog
          onClose={() => setDialog(null)}
          onSubmit={(d) => {
            setDialog(null);
            void patch({ status: 'snooze', snoozedUntil: d.toISOString() });
          }}
        />
      )}
    </div>
  );
}
