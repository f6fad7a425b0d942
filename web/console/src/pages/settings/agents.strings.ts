/** Strings of adding agents: pending users, taken addresses (prefix `agents.`). */
import { defineCatalogue } from '../../../../../shared/i18n.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'agents.inv.signIn': '等待首次登录',
    'agents.listHint': '对方接受邀请（或用管理员设定的密码首次登录）后，会出现在客服列表中。',
    'agents.emailTaken': '该邮箱已是本账户的成员。',
    'agents.acceptEmailTaken':
      '该邮箱已经有一个 Kefu 账号，不能再加入另一个团队。请直接用它登录，或请管理员邀请另一个邮箱地址。',
  },
  en: {
    'agents.inv.signIn': 'Waiting for first sign-in',
    'agents.listHint':
      'They appear in the agent list once they accept the invitation (or first sign in with the password an admin set).',
    'agents.emailTaken': 'This address already belongs to a member of this account.',
    'agents.acceptEmailTaken':
      'This email address already has a Kefu account, which cannot join another team. Sign in with it, or ask the administrator to invite a different address.',
  },
});
