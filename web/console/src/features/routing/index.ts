/**
 * Routing in the console: the live queue with supervisor actions and alerts; beside each
 * conversation its SLA status and, while it waits, its place in the queue.
 */
import { ListOrdered } from 'lucide-react';
import type { ExtensionModule } from '../../extensions.ts';
import { catalogue as routingMessages } from './strings.ts';

export const entries: NonNullable<ExtensionModule['entries']> = [
  {
    id: 'routing',
    path: 'queue',
    label: { 'zh-CN': '排队与预警', en: 'Queue & alerts' },
    icon: ListOrdered,
    minRole: 'supervisor',
    load: () => import('./QueuePage.tsx'),
  },
];

export const conversationPanels: NonNullable<ExtensionModule['conversationPanels']> = [
  {
    id: 'sla',
    label: { 'zh-CN': 'SLA', en: 'SLA' },
    minRole: 'agent',
    order: 40,
    load: () => import('./SlaPanel.tsx'),
  },
  {
    id: 'queue-position',
    label: { 'zh-CN': '排队', en: 'Queue' },
    minRole: 'agent',
    order: 35,
    load: () => import('./QueuePanel.tsx'),
  },
];

export const messages: ExtensionModule['messages'] = routingMessages;
