/** Web-chat widget in the console: where a conversation was opened from (help-center article, product page). */
import type { ExtensionModule } from '../../extensions.ts';
import { catalogue as widgetMessages } from './strings.ts';

export const conversationPanels: NonNullable<ExtensionModule['conversationPanels']> = [
  {
    id: 'widget-context',
    label: { 'zh-CN': '来源页面', en: 'Opened from' },
    minRole: 'agent',
    order: 5,
    load: () => import('./ContextPanel.tsx'),
  },
];

export const messages: ExtensionModule['messages'] = widgetMessages;
