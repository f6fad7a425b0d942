/** Single sign-on settings for admins (/app/sso); the sign-in page's SSO card is SsoSignIn.tsx. */
import { KeyRound } from 'lucide-react';
import type { ExtensionModule } from '../../extensions.ts';
import { catalogue } from './strings.ts';

export const entries: NonNullable<ExtensionModule['entries']> = [
  {
    id: 'sso',
    path: 'sso',
    label: { 'zh-CN': '单点登录', en: 'Single sign-on' },
    icon: KeyRound,
    minRole: 'admin',
    load: () => import('./SsoSettingsPage.tsx'),
  },
];

export const messages: ExtensionModule['messages'] = catalogue;
