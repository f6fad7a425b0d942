/** Profile (every agent): name, avatar, language, notifications, availability, password, API tokens; saved-filter sidebar; accept-invite page. */
import { CircleUser } from 'lucide-react';
import type { ExtensionModule } from '../../extensions.ts';

export const entries: NonNullable<ExtensionModule['entries']> = [
  {
    id: 'profile',
    path: 'profile',
    label: { 'zh-CN': '个人资料', en: 'Profile' },
    icon: CircleUser,
    minRole: 'agent',
    load: () => import('./ProfilePage.tsx'),
  },
];

/** The user's saved filters in the inbox sidebar (GET/POST/DELETE /api/v1/saved-filters). */
export const sidebar: NonNullable<ExtensionModule['sidebar']> = [
  { id: 'saved-filters', minRole: 'agent', order: 10, load: () => import('./SavedFilters.tsx') },
];

/** Shown without a session at /app/accept-invite?token=… (mounted by the shell before the login redirect). */
export const loadAcceptInvite = () => import('./AcceptInvite.tsx');

/** Shown instead of the shell while the account requires two-step verification and the user has none. */
export const loadTwoFactorGate = () => import('./TwoFactorGate.tsx');
