/** Conversation side panel: the customer's other conversations across channels, under its own heading; says so when there are none. */
import type { ConversationPanelProps } from '../../extensions.ts';
import { useT } from '../../lib/i18n.ts';
import { BASE, linkHandler } from '../../lib/router.ts';
import { registerStrings } from '../register-strings.ts';
import { Timeline } from './Timeline.tsx';

registerStrings();

export default function HistoryPanel({ conversationId, contactId }: ConversationPanelProps) {
  const t = useT();
  return (
    <section className="cb-form" aria-labelledby="history-title" data-testid="contact-history">
      <h3 id="history-title">{t('contacts.history')}</h3>
      <Timeline
        contactId={contactId}
        exclude={conversationId}
        limit={10}
        empty={t('contacts.historyEmpty')}
      />
      <a
        className="cb-link"
        href={`${BASE}/contacts/${contactId}`}
        onClick={linkHandler(`/contacts/${contactId}`)}
      >
        {t('contacts.profile')} →
      </a>
    </section>
  );
}
