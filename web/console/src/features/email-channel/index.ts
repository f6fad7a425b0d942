/**
 * Email inboxes in the console: a message that came or went by email is shown as mail
 * (EmailBody.tsx: subject, addresses, sender verification, quoted part, original formatting,
 * delivery state); Settings → Inboxes for email inboxes (EmailInboxSettings.tsx: receiving, SMTP
 * relay and test mail, IMAP, failed mail); "New email" in the inbox's side column (NewEmail.tsx).
 */
import type { ExtensionModule } from '../../extensions.ts';
import { EmailBody } from './EmailBody.tsx';
import { catalogue } from './strings.ts';

export const messageBodies: NonNullable<ExtensionModule['messageBodies']> = [
  {
    id: 'email',
    matches: (a) => typeof a.email === 'object' && a.email !== null,
    Component: EmailBody,
  },
];

export const inboxSettings: NonNullable<ExtensionModule['inboxSettings']> = [
  {
    id: 'email-channel',
    channelTypes: ['email'],
    load: () => import('./EmailInboxSettings.tsx'),
  },
];

export const sidebar: NonNullable<ExtensionModule['sidebar']> = [
  { id: 'email-new', minRole: 'agent', order: 5, load: () => import('./NewEmail.tsx') },
];

export const messages: ExtensionModule['messages'] = catalogue;
