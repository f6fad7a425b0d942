/** The conversation's title bar (contact, status, assignee, labels) and its actions. */
import { useT } from '../../lib/i18n.ts';
import { agentName } from '../directory.ts';
import { Icon } from '../icons.tsx';
import type { Conversation } from './useConversation.ts';

export type ConversationDialog = 'assign' | 'labels' | 'snooze';

export function ConversationHeader({
  conv,
  contactName,
  meId,
  onBack,
  onAssignMe,
  onPatch,
  onMarkUnread,
  onDialog,
}: {
  conv: Conversation;
  contactName: string;
  meId: string;
  onBack: () => void;
  onAssignMe: () => void;
  onPatch: (body: Record<string, unknown>) => void;
  onMarkUnread: () => void;
  onDialog: (d: ConversationDialog) => void;
}) {
  const t = useT();
  const closed = conv.status === 'resolved' || conv.status === 'closed';
  return (
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
        {conv.assigneeId !== meId && (
          <button type="button" onClick={onAssignMe}>
            {t('assign.me')}
          </button>
        )}
        <button type="button" onClick={() => onDialog('assign')}>
          {t('assign.button')}
        </button>
        <button type="button" onClick={() => onDialog('labels')}>
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
            if (v === 'unread') onMarkUnread();
            else if (v === 'pending') onPatch({ status: 'pending' });
            else if (v === 'snooze') onDialog('snooze');
            else if (v === 'reopen') onPatch({ status: 'reopen' });
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
          <button type="button" onClick={() => onPatch({ status: 'reopen' })} data-testid="reopen">
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
            {t('action.resolve')}
          </button>
        )}
      </div>
    </header>
  );
}
