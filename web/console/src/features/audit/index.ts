/** The audit log for admins: who did what, from where and when; filter, page, export CSV. */
import { ScrollText } from 'lucide-react';
import type { ExtensionModule } from '../../extensions.ts';
import { catalogue as auditMessages } from './strings.ts';

export const entries: NonNullable<ExtensionModule['entries']> = [
  {
    id: 'audit',
    path: 'audit',
    label: { 'zh-CN': '审计日志', en: 'Audit log' },
    icon: ScrollText,
    minRole: 'admin',
    load: () => import('./AuditPage.tsx'),
  },
];

export const messages: ExtensionModule['messages'] = auditMessages;
