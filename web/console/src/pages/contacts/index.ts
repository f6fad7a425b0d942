/** Contacts: search, profile page (/app/contacts/:id) with attributes, identities, cross-channel timeline, merge. */
import { Contact } from 'lucide-react';
import type { ExtensionModule } from '../../extensions.ts';

export const entries: NonNullable<ExtensionModule['entries']> = [
  {
    id: 'contacts',
    path: 'contacts',
    label: { 'zh-CN': '客户', en: 'Contacts' },
    icon: Contact,
    minRole: 'agent',
    load: () => import('./ContactsPage.tsx'),
  },
];

/** Beside a conversation: the customer's other conversations across channels, with a link to the full profile. */
export const conversationPanels: NonNullable<ExtensionModule['conversationPanels']> = [
  {
    id: 'contact-history',
    label: { 'zh-CN': '历史对话', en: 'Previous conversations' },
    minRole: 'agent',
    order: 50,
    load: () => import('./HistoryPanel.tsx'),
  },
];
