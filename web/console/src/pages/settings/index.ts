/** Settings (admin): inboxes and web-chat appearance, agents and invitations, teams, labels, canned responses, account. */
import { Settings } from 'lucide-react';
import type { ExtensionModule } from '../../extensions.ts';

export const entries: NonNullable<ExtensionModule['entries']> = [
  {
    id: 'settings',
    path: 'settings',
    label: { 'zh-CN': '设置', en: 'Settings' },
    icon: Settings,
    minRole: 'admin',
    load: () => import('./SettingsPage.tsx'),
  },
];
