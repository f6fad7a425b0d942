/** Conversation side panel: the customer's other conversations across channels. */
import type { ConversationPanelProps } from '../../extensions.ts';
import { useT } from '../../lib/i18n.ts';
import { BASE, linkHandler } from '../../lib/router.ts';
import { registerStrings } from '../register-strings.ts';
import { Timeline } from './Timeline.tsx';

registerStrings();

export default function HistoryPanel({ conversationId, contactId }: ConversationPanelProps) {
  const t = useT();
  return (
    <div className="cb-form">
      <Timeline contactId={contactId} exclude={conversationId} limit={10} />
      <a
        className="cb-link"
        href={`${BASE}/contacts/${contactId}`}
        onClick={linkHandler(`/contacts/${contactId}`)}
      >
        {t('contacts.profile')} →
      </a>
    </div>
  );
}
