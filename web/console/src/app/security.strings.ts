/** Strings of the security notices in the shell: sign-in locks (prefix `security.`). */
import { defineCatalogue } from '../../../../shared/i18n.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'security.youWereLocked':
      '你的账号曾于 {time} 因连续 {failures} 次登录失败被暂时锁定（最后一次来自 IP {ip}）。如果不是你本人，请修改密码并开启两步验证。',
    'security.userLocked':
      '{name}（{email}）的账号于 {time} 因连续 {failures} 次登录失败被锁定至 {until}（最后一次来自 IP {ip}）。',
    'security.unknownIp': '未知',
    'security.dismiss': '知道了',
    'security.notices': '安全提醒',
  },
  en: {
    'security.youWereLocked':
      'Your account was locked at {time} after {failures} failed sign-in attempts (the last from IP {ip}). If this was not you, change your password and turn on two-step verification.',
    'security.userLocked':
      'Sign-ins for {name} ({email}) were locked at {time} after {failures} failed attempts, until {until} (the last from IP {ip}).',
    'security.unknownIp': 'unknown',
    'security.dismiss': 'Dismiss',
    'security.notices': 'Security notices',
  },
});
