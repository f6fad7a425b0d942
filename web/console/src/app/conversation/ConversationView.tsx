/** One conversation: header actions, collision warning, live message stream, composer, AI + extension panels. */
import { TriangleAlert } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { ConversationDTO } from '../../../../../shared/dto.ts';
import { api, ApiError } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import type { Me } from '../../lib/session.ts';
import { agentName, useDirectory } from '../directory.ts';
import { noteMarkedUnread } from '../inbox/useInboxList.ts';
import { isTyping } from '../Shell.tsx';
import { Composer, type ComposerHandle } from './Composer.tsx';
import { type ConversationDialog, ConversationHeader } from './ConversationHeader.tsx';
import { ConversationSide } from './ConversationSide.tsx';
import { AssignDialog, LabelsDialog, SnoozeDialog } from './dialogs.tsx';
import { MessageList } from './MessageList.tsx';
import { useConversation } from './useConversation.ts';

export function ConversationView({ id, me, onBack }: { id: string; me: Me; onBack: () => void }) {
  const t = useT();
  useDirectory();
  const {
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
  } = useConversation(id, me.user.id);
  const [actionError, setActionError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<ConversationDialog | null>(null);
  const composer = useRef<ComposerHandle>(null);

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

  // r reply · n note · a assign to me · e resolve · z snooze (pick a time)
  const canSnooze = !!conv && conv.status !== 'resolved' && conv.status !== 'closed';
  const actions = useRef({ patch, assign, canSnooze });
  actions.current = { patch, assign, canSnooze };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (
        isTyping(e) ||
        e.ctrlKey ||
        e.metaKey ||
        e.altKey ||
        document.querySelector('[role="dialog"], [role="menu"]')
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
      } else if (e.key === 'z' && actions.current.canSnooze) {
        e.preventDefault();
        setDialog('snooze');
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

  const named = conv.contact?.name || conv.contact?.email;
  const contactName = named || `${t('contact.visitor')} #${conv.displayId}`;
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

  return (
    <div className="conv" data-testid="conversation">
      <div className="convmain">
        <ConversationHeader
          conv={conv}
          contactName={contactName}
          numbered={!named}
          meId={me.user.id}
          onBack={onBack}
          onAssignMe={() => void assign({ assigneeId: me.user.id })}
          onPatch={(body) => void patch(body)}
          onMarkUnread={() => {
            noteMarkedUnread(id);
            void act(() => api('POST', `/api/v1/conversations/${id}/unread`)).then(onBack);
          }}
          onDialog={setDialog}
        />
        {collision && (
          <div className="banner collision" role="alert" data-testid="collision">
            <TriangleAlert className="icon" aria-hidden="true" /> {collision}
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
      <ConversationSide
        id={id}
        conv={conv}
        contactName={contactName}
        me={me}
        onSuggestion={(s) => composer.current?.insert(s)}
      />
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
