/** Knowledge base in the console: articles (edit, versions, translations, import/export) and knowledge gaps. */
import { BookOpen } from 'lucide-react';
import type { ExtensionModule } from '../../extensions.ts';
import { catalogue as kbMessages } from './strings.ts';

export const entries: NonNullable<ExtensionModule['entries']> = [
  {
    id: 'kb',
    path: 'kb',
    label: { 'zh-CN': '知识库', en: 'Knowledge base' },
    icon: BookOpen,
    minRole: 'agent',
    load: () => import('./KbPage.tsx'),
  },
];

export const messages: ExtensionModule['messages'] = kbMessages;
