/**
 * Email inboxes in the console: a message that came or went by email is shown as mail
 * (EmailBody.tsx: subject, addresses, sender verification, quoted part, original formatting,
 * delivery state).
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

export const messages: ExtensionModule['messages'] = catalogue;
