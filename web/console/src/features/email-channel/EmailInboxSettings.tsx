/**
 * Settings → Inboxes, for an email inbox: receiving (address, trusted senders, subject window,
 * webhook URL), sending (SMTP relay, test mail), IMAP (test connection, sync state) and failed
 * mail with Retry. Admins only; every save applies at once on the server.
 */
import type { InboxSettingsProps } from '../../extensions.ts';
import { addMessages } from '../../lib/index.ts';
import '../../pages/settings/ui.css';
import './email-settings.css';
import { FailedMail } from './FailedMail.tsx';
import { ImapSection } from './ImapSection.tsx';
import { ReceivingSection } from './ReceivingSection.tsx';
import { SmtpSection } from './SmtpSection.tsx';
import { catalogue } from './strings.ts';

addMessages(catalogue);

export default function EmailInboxSettings({ inbox }: InboxSettingsProps) {
  return (
    <>
      <ReceivingSection inboxId={inbox.id} name={inbox.name} />
      <SmtpSection inboxId={inbox.id} />
      <ImapSection inboxId={inbox.id} />
      <FailedMail inboxId={inbox.id} />
    </>
  );
}
