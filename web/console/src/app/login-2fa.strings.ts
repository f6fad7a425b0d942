/** The sign-in page's second step (two-factor): `login.tfa.` */
import { defineCatalogue } from '../../../../shared/i18n.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'login.tfa.title': '两步验证',
    'login.tfa.intro': '请输入身份验证器应用中显示的 6 位验证码。',
    'login.tfa.introRecovery': '请输入一个恢复码（每个恢复码只能使用一次）。',
    'login.tfa.code': '验证码',
    'login.tfa.recoveryCode': '恢复码',
    'login.tfa.submit': '验证并登录',
    'login.tfa.checking': '正在验证…',
    'login.tfa.useRecovery': '无法使用验证器？改用恢复码',
    'login.tfa.useCode': '改用验证器中的验证码',
    'login.tfa.back': '返回重新输入密码',
    'login.tfa.invalid': '验证码或恢复码不正确，或已被使用。',
    'login.tfa.expired': '登录已超时，请重新输入密码。',
  },
  en: {
    'login.tfa.title': 'Two-step verification',
    'login.tfa.intro': 'Enter the 6-digit code from your authenticator app.',
    'login.tfa.introRecovery': 'Enter one of your recovery codes (each works once).',
    'login.tfa.code': 'Authentication code',
    'login.tfa.recoveryCode': 'Recovery code',
    'login.tfa.submit': 'Verify and sign in',
    'login.tfa.checking': 'Checking…',
    'login.tfa.useRecovery': 'Can’t use your app? Use a recovery code',
    'login.tfa.useCode': 'Use a code from your authenticator app',
    'login.tfa.back': 'Back to email and password',
    'login.tfa.invalid': 'That code or recovery code is wrong or was already used.',
    'login.tfa.expired': 'The sign-in timed out. Enter your password again.',
  },
});
