/** Automation in the console: rules (event + conditions + actions), dry run, firing audit. */
import { Workflow } from 'lucide-react';
import type { ExtensionModule } from '../../extensions.ts';
import { catalogue as automationMessages } from './strings.ts';

export const entries: NonNullable<ExtensionModule['entries']> = [
  {
    id: 'automation',
    path: 'automation',
    label: { 'zh-CN': '自动化规则', en: 'Automation' },
    icon: Workflow,
    minRole: 'admin',
    load: () => import('./AutomationPage.tsx'),
  },
];

export const messages: ExtensionModule['messages'] = automationMessages;
