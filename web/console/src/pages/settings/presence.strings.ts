/** Strings of the account's presence settings: availability at sign-in, auto-away (prefix `presence.`). */
import { defineCatalogue } from '../../../../../shared/i18n.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'presence.title': '客服在线状态',
    'presence.atSignIn': '登录后的状态',
    'presence.atSignIn.online': '在线（默认）',
    'presence.atSignIn.offline': '离线，由客服自行上线',
    'presence.atSignInHint':
      '选择“在线”时，客服登录控制台后即可接待访客，无需在状态菜单中切换。选择“离线”时，登录不改变客服的状态。',
    'presence.autoAway': '无操作后自动设为“离开”',
    'presence.autoAway.minutes': '{count} 分钟',
    'presence.autoAway.off': '从不',
    'presence.autoAwayHint':
      '客服在这段时间内没有回复、打开对话或输入时，状态变为“离开”，不再分配新对话。关闭所有控制台页面约一分钟后，客服变为“离线”。已分配的对话保持不变。',
  },
  en: {
    'presence.title': 'Agent availability',
    'presence.atSignIn': 'Availability at sign-in',
    'presence.atSignIn.online': 'Online (default)',
    'presence.atSignIn.offline': 'Offline: agents go online themselves',
    'presence.atSignInHint':
      'Online: agents can take chats as soon as they sign in to the console, without visiting the status menu. Offline: signing in leaves their status as it was.',
    'presence.autoAway': 'Set to Away after inactivity',
    'presence.autoAway.minutes': '{count} minutes',
    'presence.autoAway.minutes_one': '{count} minute',
    'presence.autoAway.off': 'Never',
    'presence.autoAwayHint':
      'Agents who do not reply, open a conversation or type for this long become Away and get no new chats. About a minute after every console tab is closed they become Offline. Assigned conversations stay as they are.',
  },
});
