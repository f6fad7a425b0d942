/** The conversation's right column: the contact, AI assist and the extensions' panels. */
import { type ComponentType, lazy, Suspense } from 'react';
import {
  type ConversationPanel,
  type ConversationPanelProps,
  conversationPanels,
} from '../../extensions.ts';
import { useT } from '../../lib/i18n.ts';
import { hasRole, type Me } from '../../lib/session.ts';
import { AssistPanel } from './AssistPanel.tsx';
import type { Conversation } from './useConversation.ts';

const panelComponents = new Map<string, ComponentType<ConversationPanelProps>>();
const panelFor = (p: ConversationPanel) => {
  let C = panelComponents.get(p.id);
  if (!C) {
    C = lazy(p.load);
    panelComponents.set(p.id, C);
  }
  return C;
};

export function ConversationSide({
  id,
  conv,
  contactName,
  me,
  onSuggestion,
}: {
  id: string;
  conv: Conversation;
  contactName: string;
  me: Me;
  onSuggestion: (text: string) => void;
}) {
  const t = useT();
  const panels = conversationPanels.filter((p) => hasRole(me.user, p.minRole));
  return (
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
      <AssistPanel conversationId={id} onSuggestion={onSuggestion} />
      {panels.map((p) => {
        const C = panelFor(p);
        return (
          <Suspense key={p.id} fallback={null}>
            <C conversationId={id} contactId={conv.contactId} />
          </Suspense>
        );
      })}
    </aside>
  );
}
