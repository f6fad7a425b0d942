/**
 * WeChat inboxes in the console: beside a WeChat conversation its reply window ("4 replies left,
 * closes in 31 h") and the customer's other channels; in Settings → Inboxes the app's settings.
 */
import type { ExtensionModule } from '../../extensions.ts';
import { catalogue as wechatMessages } from './strings.ts';

export const conversationPanels: NonNullable<ExtensionModule['conversationPanels']> = [
  {
    id: 'wechat-window',
    label: { 'zh-CN': '微信回复窗口', en: 'WeChat reply window' },
    minRole: 'agent',
    order: 30,
    load: () => import('./ReplyWindowPanel.tsx'),
  },
];

export const inboxSettings: NonNullable<ExtensionModule['inboxSettings']> = [
  {
    id: 'wechat-channel',
    channelTypes: ['wechat_oa'],
    load: () => import('./WechatInboxSettings.tsx'),
  },
];

export const messages: ExtensionModule['messages'] = wechatMessages;
