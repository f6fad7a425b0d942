/** Failed background work (the dead-letter list) for admins: read, retry, discard. */
import { TriangleAlert } from 'lucide-react';
import type { ExtensionModule } from '../../extensions.ts';
import { catalogue as jobsMessages } from './strings.ts';

export const entries: NonNullable<ExtensionModule['entries']> = [
  {
    id: 'jobs',
    path: 'jobs',
    label: { 'zh-CN': '后台任务', en: 'Background jobs' },
    icon: TriangleAlert,
    minRole: 'admin',
    load: () => import('./DeadJobsPage.tsx'),
  },
];

export const messages: ExtensionModule['messages'] = jobsMessages;
