/** Supervisor view (supervisor+): live conversations and agents' status and load. */
import { Gauge } from 'lucide-react';
import type { ExtensionModule } from '../../extensions.ts';

export const entries: NonNullable<ExtensionModule['entries']> = [
  {
    id: 'supervisor',
    path: 'supervisor',
    label: { 'zh-CN': '主管视图', en: 'Supervisor' },
    icon: Gauge,
    minRole: 'supervisor',
    load: () => import('./SupervisorPage.tsx'),
  },
];
