/** The conversation's title bar (contact, status, assignee, labels) and its actions. */
import {
  AlarmClock,
  ArrowLeft,
  Check,
  Hourglass,
  Mail,
  RotateCcw,
  Tag,
  UserCheck,
  Users,
} from 'lucide-react';
import { useT } from '../../lib/i18n.ts';
import { agentName } from '../directory.ts';
import { type MoreItem, MoreMenu } from './MoreMenu.tsx';
import type { Conversation } from './useConversation.ts';

export type ConversationDialog = 'assign' | 'labels' | 'snooze';

export function ConversationHeader({
  conv,
  contactName,
  numbered,
  meId,
  onBack,
  onAssignMe,
  onPatch,
  onMarkUnread,
  onDialog,
}: {
  conv: Conversation;
  /** The customer's name, or "Visitor #<conversation number>" when they have none. */
  contactName: string;
  /** Whether contactName already carries the conversation number (an unnamed visitor). */
  numbered: boolean;
  meId: string;
  onBack: () => void;
  onAssignMe: () => void;
  onPatch: (body: Record<string, unknown>) => void;
  onMarkUnread: () => void;
  onDialog: (d: ConversationDialog) => void;
}) {
  const t = useT();
  const closed = conv.status === 'resolved' || conv.status === 'closed';
  const more: MoreItem[] = [
    { id: 'unread', label: t('conversation.markUnread'), icon: Mail, run: onMarkUnread },
    ...(conv.status !== 'pending' && !closed
      ? [
          {
            id: 'pending',
            label: t('action.pending'),
            icon: Hourglass,
            run: () => onPatch({ status: 'pending' }),
          },
        ]
      : []),
    ...(!closed
      ? [
          {
            id: 'snooze',
            label: `${t('action.snooze')}…`,
            icon: AlarmClock,
            run: () => onDialog('snooze'),
          },
        ]
      : []),
  ];
  return (
    <header className="convhead">
      <div className="titlebar">
        <button
          type="button"
          className="phone-only ghost"
          onClick={onBack}
          aria-label={t('common.back')}
        >
          <ArrowLeft className="icon" aria-hidden="true" />
        </button>
        <h2 data-testid="conversation-title">
          {contactName}
          {!numbered && (
            <span className="muted" style={{ fontWeight: 400 }}>
              {' '}
              #{conv.displayId}
            </span>
          )}
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
        {conv.assigneeId !== meId && (
          <button type="button" onClick={onAssignMe}>
            <UserCheck className="icon" aria-hidden="true" />
            {t('assign.me')}
          </button>
        )}
        <button type="button" onClick={() => onDialog('assign')}>
          <Users className="icon" aria-hidden="true" />
          {t('assign.button')}
        </button>
        <button type="button" onClick={() => onDialog('labels')}>
          <Tag className="icon" aria-hidden="true" />
          {t('labels.button')}
        </button>
        <label className="sr-only" htmlFor="priority">
          {t('priority.label')}
        </label>
        <select
          id="priority"
          value={conv.priority}
          onChange={(e) => onPatch({ priority: e.target.value })}
        >
          {['none', 'low', 'medium', 'high', 'urgent'].map((p) => (
            <option key={p} value={p}>
              {t('priority.label')}: {t(`priority.${p}`)}
            </option>
          ))}
        </select>
        <MoreMenu items={more} />
        {closed || conv.status === 'snoozed' || conv.status === 'pending' ? (
          <button type="button" onClick={() => onPatch({ status: 'reopen' })} data-testid="reopen">
            <RotateCcw className="icon" aria-hidden="true" />
            {t('action.reopen')}
          </button>
        ) : null}
        {!closed && (
          <button
            type="button"
            className="primary"
            onClick={() => onPatch({ status: 'resolve' })}
            data-testid="resolve"
          >
            <Check className="icon" aria-hidden="true" />
            {t('action.resolve')}
          </button>
        )}
      </div>
    </header>
  );
}
