/** The message stream: day separators, senders, delivery/read state, attachments, notes, bot/handover/CSAT. Text only, never HTML. */
import { Fragment, useEffect, useLayoutEffect, useRef } from 'react';
import { dayKey, formatDay, formatTime } from '../../lib/format.ts';
import { useT } from '../../lib/i18n.ts';
import type { AttachmentDTO, MessageDTO } from '../../../../../shared/dto.ts';
import type { UiMessage } from './messages.ts';

export type { UiMessage };
import { Icon } from '../icons.tsx';
import { agentName, teamName } from '../directory.ts';
import { messageBodies } from '../../extensions.ts';

/** The bubble's text, or a channel's own rendering of it (extensions.ts `messageBodies`). */
function Body({ m }: { m: MessageDTO }) {
  const ext = messageBodies.find((b) => b.matches(m.attributes as Record<string, unknown>));
  return ext ? <ext.Component message={m} /> : m.content;
}

function Attachment({ a }: { a: AttachmentDTO }) {
  const t = useT();
  if (a.contentType.startsWith('image/') && a.contentType !== 'image/svg+xml') {
    return (
      <a className="att" href={a.url} target="_blank" rel="noopener noreferrer">
        <img src={a.url} alt={a.fileName} loading="lazy" />
      </a>
    );
  }
  return (
    <a className="att" href={a.url} download={a.fileName} rel="noopener noreferrer">
      <Icon name="file" /> {a.fileName}{' '}
      <span className="muted">({Math.ceil(a.size / 1024)} KB)</span>
      <span className="sr-only"> {t('message.download')}</span>
    </a>
  );
}

function activityText(
  m: MessageDTO,
  t: (k: string, v?: Record<string, string | number>) => string,
): string {
  const a = m.attributes as Record<string, any>;
  if (a.activity === 'assigned') {
    const who = agentName(a.assigneeId);
    const team = teamName(a.teamId);
    const base = who
      ? t('activity.assigned', { name: who })
      : team
        ? t('activity.assignedTeam', { team })
        : t('activity.unassigned');
    return m.content ? `${base} — ${m.content}` : base;
  }
  if (a.activity === 'conversation_updated' && a.changes) {
    return Object.entries(a.changes as Record<string, unknown>)
      .map(([k, v]) => {
        if (k === 'status') return t('activity.status', { status: t(`status.${String(v)}`) });
        if (k === 'priority')
          return t('activity.priority', { priority: t(`priority.${String(v)}`) });
        if (k === 'mode') return t('activity.mode', { mode: t(`mode.${String(v)}`) });
        return `${k}: ${String(v)}`;
      })
      .join(' · ');
  }
  return m.content;
}

export function MessageList({
  messages,
  contactName,
  contactReadSeq,
  meId,
  hasMore,
  onLoadEarlier,
  onRetry,
}: {
  messages: UiMessage[];
  contactName: string;
  contactReadSeq: number;
  meId: string;
  hasMore: boolean;
  onLoadEarlier: () => void;
  onRetry: (m: UiMessage) => void;
}) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const lastId = messages[messages.length - 1]?.id;

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lastId, messages.length]);
  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);

  let prevDay = '';
  return (
    <div
      className="messages"
      ref={ref}
      role="log"
      aria-live="polite"
      aria-label={t('conversation.messages')}
      data-testid="messages"
      onScroll={() => {
        const el = ref.current!;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      }}
    >
      {hasMore && (
        <button type="button" style={{ alignSelf: 'center' }} onClick={onLoadEarlier}>
          {t('conversation.loadEarlier')}
        </button>
      )}
      {messages.map((m) => {
        const day = dayKey(m.createdAt);
        const sep =
          day !== prevDay ? (
            <div className="day">
              <time dateTime={m.createdAt}>{formatDay(m.createdAt)}</time>
            </div>
          ) : null;
        prevDay = day;
        const a = m.attributes as Record<string, any>;
        let body: React.ReactNode;
        if (a.kind === 'handover') {
          body = (
            <div className="handover" data-kind="handover">
              <Icon name="hand" /> {t('message.handover')}
              {a.reason ? ` (${t(`handover.${a.reason}`)})` : ''}
              {m.content ? ` — ${m.content}` : ''}
            </div>
          );
        } else if (a.kind === 'csat') {
          const rating = Math.max(0, Math.min(5, Number(a.rating) || 0));
          body = (
            <div className="csat" data-kind="csat">
              {t('message.csat')}{' '}
              <span className="stars" aria-hidden="true">
                {'★'.repeat(rating)}
                {'☆'.repeat(5 - rating)}
              </span>
              <span className="sr-only">{t('message.csatRating', { n: rating })}</span>
              {a.comment ? <div>“{String(a.comment)}”</div> : null}
            </div>
          );
        } else if (m.type === 'activity') {
          body = (
            <div className="activity">
              {activityText(m, t)} · {formatTime(m.createdAt)}
            </div>
          );
        } else {
          const isBot = m.sender.type === 'bot';
          const cls =
            m.type === 'note'
              ? 'note'
              : m.type === 'incoming'
                ? 'incoming'
                : isBot
                  ? 'outgoing bot'
                  : 'outgoing';
          const who =
            m.type === 'incoming'
              ? contactName
              : isBot
                ? t('message.bot')
                : m.sender.id === meId
                  ? t('message.you')
                  : (agentName(m.sender.id) ?? t('message.agent'));
          const state =
            m.local === 'sending'
              ? t('message.sending')
              : m.local === 'failed'
                ? t('message.failed')
                : m.type === 'outgoing'
                  ? m.seq <= contactReadSeq
                    ? t('message.read')
                    : t('message.delivered')
                  : null;
          body = (
            <div
              className={`msg ${cls}${m.local ? ` ${m.local === 'sending' ? 'pending' : 'failed'}` : ''}`}
              data-testid="message"
              data-type={m.type}
              data-seq={m.seq || undefined}
            >
              <span className="who">
                {who}
                {m.type === 'note' ? ` · ${t('message.privateNote')}` : ''}
                {isBot && a.kind === 'bot_answer' ? ` · ${t('message.botAnswer')}` : ''}
              </span>
              <div className="bubble">
                <Body m={m} />
                {m.attachments.map((x) => (
                  <Attachment key={x.id} a={x} />
                ))}
              </div>
              <span className="state">
                {formatTime(m.createdAt)}
                {state ? ` · ${state}` : ''}
                {m.local === 'failed' && (
                  <>
                    {' '}
                    ·{' '}
                    <button
                      type="button"
                      className="ghost"
                      style={{ padding: 0, textDecoration: 'underline' }}
                      onClick={() => onRetry(m)}
                    >
                      {t('message.retry')}
                    </button>
                  </>
                )}
              </span>
            </div>
          );
        }
        return (
          <Fragment key={m.clientMessageId && m.local ? `local-${m.clientMessageId}` : m.id}>
            {sep}
            {body}
          </Fragment>
        );
      })}
    </div>
  );
}
