/** Inbox: views with counts (left), the virtualized conversation list (middle), the open conversation (right). */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { InboxView } from '../../extensions.ts';
import { formatRelative } from '../../lib/format.ts';
import { useT } from '../../lib/i18n.ts';
import { useRealtime } from '../../lib/realtime.ts';
import { BASE, linkHandler, navigate, useRoute } from '../../lib/router.ts';
import type { Me } from '../../lib/session.ts';
import type { ConversationRow } from '../../../../../shared/dto.ts';
import { ConversationView } from '../conversation/ConversationView.tsx';
import { isTyping } from '../Shell.tsx';
import { notify } from '../notify.ts';
import { useInboxList } from './useInboxList.ts';
import { isBotView, SORTS, standardViews, type Sort } from './views.ts';
import { type Counts, loadViewCounts, useViewGroups, ViewsSidebar } from './ViewsSidebar.tsx';
import { VirtualList } from './VirtualList.tsx';
import './inbox.css';

const ROW_HEIGHT = 68;

let savedView: InboxView | null = null;
let savedSort: Sort = 'last_activity';

export function InboxPage({ me }: { me: Me }) {
  const t = useT();
  const { segments } = useRoute();
  const openId = segments[0] === 'c' ? (segments[1] ?? null) : null;
  const [view, setViewState] = useState<InboxView>(() => savedView ?? standardViews(t)[0]);
  const [sort, setSortState] = useState<Sort>(savedSort);
  const [counts, setCounts] = useState<Counts | null>(null);
  const list = useInboxList(view, sort, me.user.id, openId);
  const setView = useCallback((v: InboxView) => {
    savedView = v;
    setViewState(v);
  }, []);
  const setSort = (s: Sort) => {
    savedSort = s;
    setSortState(s);
  };

  const [, setTick] = useState(0); // relative times ("5 min ago") stay current
  useEffect(() => {
    const h = window.setInterval(() => setTick((n) => n + 1), 30_000);
    return () => window.clearInterval(h);
  }, []);
  const countsTimer = useRef<number | undefined>(undefined);
  const loadCounts = useCallback(() => {
    loadViewCounts().then(setCounts, () => {});
  }, []);
  useEffect(loadCounts, [loadCounts]);

  const rowsRef = useRef(list.rows);
  rowsRef.current = list.rows;
  useRealtime((e) => {
    if (e.type === 'resync' || e.type.startsWith('conversation.') || e.type === 'message.created') {
      window.clearTimeout(countsTimer.current);
      countsTimer.current = window.setTimeout(loadCounts, 700);
    }
    const c = e.payload?.conversation;
    if (
      e.type === 'message.created' &&
      c &&
      e.payload.message.type === 'incoming' &&
      c.assigneeId === me.user.id
    ) {
      const row = rowsRef.current.find((r) => r.id === c.id);
      notify(
        'new_message',
        t('notify.newMessage', { name: row?.contact?.name ?? t('contact.visitor') }),
        e.payload.message.content,
        {
          conversationId: c.id,
          visibleConversationId: openId,
          onClick: () => navigate(`/c/${c.id}`),
        },
      );
    }
    if (
      e.type === 'conversation.handover_requested' &&
      c &&
      (c.assigneeId === me.user.id || (!c.assigneeId && me.user.availability === 'online'))
    ) {
      notify('handover', t('notify.handover'), t('notify.assignedBody', { id: c.displayId }), {
        conversationId: c.id,
        visibleConversationId: openId,
        onClick: () => navigate(`/c/${c.id}`),
      });
    }
    if (
      e.type === 'conversation.assigned' &&
      c?.assigneeId === me.user.id &&
      e.payload.previousAssigneeId !== me.user.id
    ) {
      notify('assignment', t('notify.assigned'), t('notify.assignedBody', { id: c.displayId }), {
        conversationId: c.id,
        visibleConversationId: null,
        onClick: () => navigate(`/c/${c.id}`),
      });
    }
  });

  // j/k and Alt+↑/↓: next / previous conversation
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey) return;
      const typing = isTyping(e);
      const next = (e.key === 'j' && !typing && !e.altKey) || (e.altKey && e.key === 'ArrowDown');
      const prev = (e.key === 'k' && !typing && !e.altKey) || (e.altKey && e.key === 'ArrowUp');
      if (!next && !prev) return;
      const rows = rowsRef.current;
      if (!rows.length) return;
      e.preventDefault();
      const i = rows.findIndex((r) => r.id === openId);
      const j = i < 0 ? 0 : Math.max(0, Math.min(rows.length - 1, i + (next ? 1 : -1)));
      navigate(`/c/${rows[j].id}`);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openId]);

  const activeIndex = list.rows.findIndex((r) => r.id === openId);
  const groups = useViewGroups(counts);
  const allViews = groups.flatMap((g) => g.items.map((i) => i.v));
  // The view kept in state carries the label of the language it was picked in: show the current one.
  const shown = allViews.find((v) => v.key === view.key) ?? view;
  const bot = isBotView(view.query);
  const select = (v: InboxView) => {
    setView(v);
    if (openId) navigate('/inbox');
  };

  const renderRow = (r: ConversationRow, i: number, style: React.CSSProperties) => {
    const name = r.contact?.name || r.contact?.email || `${t('contact.visitor')} #${r.displayId}`;
    // the bot answers these: what the customer wrote is not waiting for a person
    const unread = bot ? 0 : r.unreadCount;
    const preview = r.lastMessage
      ? (r.lastMessage.type === 'note'
          ? `${t('message.noteShort')}: `
          : r.lastMessage.senderType === 'user'
            ? `${t('message.you')}: `
            : '') + (r.lastMessage.content || t('message.attachment'))
      : '';
    return (
      <li key={r.id} className="rowwrap" style={style}>
        <a
          className={`row${unread > 0 ? ' unread' : ''}`}
          href={`${BASE}/c/${r.id}`}
          onClick={linkHandler(`/c/${r.id}`)}
          aria-current={r.id === openId ? 'true' : undefined}
          data-testid="conversation-row"
          data-index={i}
        >
          <span className="name">{name}</span>
          <span className="time">{formatRelative(r.lastMessageAt ?? r.updatedAt)}</span>
          <span className="preview">{preview}</span>
          <span className="meta">
            {r.priority !== 'none' && (
              <span className={`chip prio-${r.priority}`}>{t(`priority.${r.priority}`)}</span>
            )}
            {unread > 0 && (
              <span className="badge accent">
                <span aria-hidden="true">{unread}</span>
                <span className="sr-only">{t('inbox.unread', { n: unread })}</span>
              </span>
            )}
          </span>
        </a>
      </li>
    );
  };

  return (
    <div className={`inbox${openId ? ' has-conv' : ''}`}>
      <ViewsSidebar me={me} groups={groups} current={shown} select={select} />
      <section className="listpane" aria-labelledby="list-title">
        <div className="listhead">
          <h2 id="list-title">{shown.label}</h2>
          <label className="sr-only" htmlFor="view-select">
            {t('views.title')}
          </label>
          <select
            id="view-select"
            className="views-select"
            value={view.key}
            onChange={(e) => {
              const v = allViews.find((x) => x.key === e.target.value);
              if (v) select(v);
            }}
          >
            {allViews.map((v) => (
              <option key={v.key} value={v.key}>
                {v.label}
              </option>
            ))}
            {!allViews.some((v) => v.key === view.key) && (
              <option value={view.key}>{shown.label}</option>
            )}
          </select>
          <label className="sr-only" htmlFor="sort-select">
            {t('sort.label')}
          </label>
          <select id="sort-select" value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`sort.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {list.error && (
          <p className="error" role="alert" style={{ padding: 8 }}>
            {t('error.load')}
          </p>
        )}
        {bot && (
          <p className="listnote" data-testid="bot-view-note">
            {t('inbox.botNote')}
          </p>
        )}
        {!list.loading && list.done && list.rows.length === 0 ? (
          <p className="empty">{t(bot ? 'inbox.botEmpty' : 'inbox.empty')}</p>
        ) : (
          <VirtualList
            items={list.rows}
            rowHeight={ROW_HEIGHT}
            renderRow={renderRow}
            onNearEnd={() => {
              void list.loadMore();
            }}
            activeIndex={activeIndex}
            label={t('inbox.list')}
            footer={
              list.loading ? (
                <p className="empty" aria-busy="true">
                  {t('common.loading')}
                </p>
              ) : null
            }
          />
        )}
      </section>
      <section className="convpane" style={{ minHeight: 0, minWidth: 0 }}>
        {openId ? (
          <ConversationView key={openId} id={openId} me={me} onBack={() => navigate('/inbox')} />
        ) : (
          <div className="placeholder">{t('inbox.pick')}</div>
        )}
      </section>
    </div>
  );
}
