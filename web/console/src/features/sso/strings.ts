/** zh-CN / en strings of single sign-on: the settings page and the sign-in page (prefix `sso.`). */
import { defineCatalogue } from '../../../../../shared/i18n.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'sso.nav': '单点登录',
    'sso.title': '单点登录（SSO）',
    'sso.section': 'OpenID Connect 设置',
    'sso.hint':
      '让客服用公司的身份提供方（Keycloak、Azure AD、Google Workspace、飞书、钉钉等支持 OpenID Connect 的服务）登录。首次登录的人会自动创建账号。',
    'sso.enabled': '启用单点登录',
    'sso.issuer': '颁发者 URL（Issuer）',
    'sso.issuerHint': '将从 {path} 读取配置。',
    'sso.clientId': '客户端 ID',
    'sso.clientSecret': '客户端密钥',
    'sso.secretSet': '已保存密钥（不会再显示）；留空则保持不变。',
    'sso.secretUnset': '尚未保存密钥。',
    'sso.domains': '允许的邮箱域名',
    'sso.domainsHint':
      '每行或用逗号分隔一个，例如 example.com。这些域名的邮箱从登录页进入此账号的单点登录。',
    'sso.defaultRole': '新用户的默认角色',
    'sso.role.agent': '客服',
    'sso.role.supervisor': '主管',
    'sso.role.admin': '管理员',
    'sso.ssoOnly': '仅允许单点登录',
    'sso.ssoOnlyHint':
      '除所有者外，所有人都不能再用密码登录。所有者保留密码登录，以便身份提供方故障时仍能进入。',
    'sso.trustEmails': '信任身份提供方的邮箱（不要求 email_verified）',
    'sso.trustEmailsHint':
      '仅当身份提供方不发送 email_verified（例如 Azure AD）且只管理本公司邮箱时开启。',
    'sso.redirectUri': '回调地址（在身份提供方登记）',
    'sso.startUrl': '直接登录链接',
    'sso.save': '保存',
    'sso.saved': '已保存',
    'sso.loading': '加载中…',
    'sso.failed': '操作失败：{message}',
    'sso.settingsError.sso_discovery_failed':
      '无法读取身份提供方的配置（{message}）。请检查颁发者 URL。',
    'sso.settingsError.sso_domain_taken': '该域名已被另一个账号使用。',
    'sso.settingsError.invalid_request': '请检查填写的内容：{message}',
    'sso.signIn': '使用单点登录（SSO）',
    'sso.signInTitle': '单点登录',
    'sso.workEmail': '工作邮箱',
    'sso.continue': '继续',
    'sso.redirecting': '正在跳转…',
    'sso.passwordRefused': '此账号只能使用单点登录，请点击“使用单点登录（SSO）”。',
    'sso.error.sso_not_configured': '此邮箱所属的账号没有启用单点登录。',
    'sso.error.sso_login_expired': '登录超时或在其他浏览器中发起，请重新开始。',
    'sso.error.sso_state_mismatch': '身份提供方的响应与本次登录不符，已拒绝。请重新登录。',
    'sso.error.sso_nonce_mismatch': '身份令牌不是为本次登录签发的，已拒绝。',
    'sso.error.sso_pkce_failed': '身份提供方拒绝了本次登录的授权码（PKCE 校验失败或已过期）。',
    'sso.error.sso_access_denied': '身份提供方拒绝了登录（账号可能已被停用）。',
    'sso.error.sso_idp_error': '无法连接身份提供方，或其返回了错误。请稍后再试。',
    'sso.error.sso_token_invalid': '身份令牌无效。',
    'sso.error.sso_email_missing': '身份提供方没有提供邮箱地址。',
    'sso.error.sso_email_unverified': '身份提供方尚未验证此邮箱。',
    'sso.error.sso_domain_not_allowed': '此邮箱域名不允许登录该账号。',
    'sso.error.sso_email_other_account': '此邮箱属于另一个账号的用户，无法在这里登录。',
    'sso.error.sso_user_disabled': '此用户已被停用。',
    'sso.error.rate_limited': '尝试次数过多，请稍后再试。',
    'sso.error.unknown': '单点登录失败，请重试。',
  },
  en: {
    'sso.nav': 'Single sign-on',
    'sso.title': 'Single sign-on (SSO)',
    'sso.section': 'OpenID Connect settings',
    'sso.hint':
      "Let agents sign in with your company's identity provider (Keycloak, Azure AD, Google Workspace, Feishu, DingTalk or any OpenID Connect provider). People signing in for the first time get a user automatically.",
    'sso.enabled': 'Enable single sign-on',
    'sso.issuer': 'Issuer URL',
    'sso.issuerHint': 'The settings are read from {path}.',
    'sso.clientId': 'Client ID',
    'sso.clientSecret': 'Client secret',
    'sso.secretSet': 'A secret is saved (it is never shown again); leave empty to keep it.',
    'sso.secretUnset': 'No secret saved yet.',
    'sso.domains': 'Allowed email domains',
    'sso.domainsHint':
      'One per line or comma-separated, e.g. example.com. Emails of these domains start this account’s single sign-on from the sign-in page.',
    'sso.defaultRole': 'Default role of new users',
    'sso.role.agent': 'Agent',
    'sso.role.supervisor': 'Supervisor',
    'sso.role.admin': 'Admin',
    'sso.ssoOnly': 'Single sign-on only',
    'sso.ssoOnlyHint':
      'Nobody but owners may sign in with a password. Owners keep their password to get in when the identity provider is down.',
    'sso.trustEmails': 'Trust the identity provider’s emails (no email_verified needed)',
    'sso.trustEmailsHint':
      'Only when the provider does not send email_verified (e.g. Azure AD) and manages your company’s addresses only.',
    'sso.redirectUri': 'Redirect URI (register it at the identity provider)',
    'sso.startUrl': 'Direct sign-in link',
    'sso.save': 'Save',
    'sso.saved': 'Saved',
    'sso.loading': 'Loading…',
    'sso.failed': 'Failed: {message}',
    'sso.settingsError.sso_discovery_failed':
      'The identity provider’s settings could not be read ({message}). Check the issuer URL.',
    'sso.settingsError.sso_domain_taken': 'This domain is already used by another account.',
    'sso.settingsError.invalid_request': 'Please check the form: {message}',
    'sso.signIn': 'Sign in with SSO',
    'sso.signInTitle': 'Single sign-on',
    'sso.workEmail': 'Work email',
    'sso.continue': 'Continue',
    'sso.redirecting': 'Redirecting…',
    'sso.passwordRefused':
      'This account signs in with single sign-on only: use “Sign in with SSO”.',
    'sso.error.sso_not_configured': 'Single sign-on is not set up for this email’s account.',
    'sso.error.sso_login_expired':
      'The sign-in took too long or was started in another browser. Please start again.',
    'sso.error.sso_state_mismatch':
      'The identity provider’s answer does not belong to this sign-in and was refused. Please sign in again.',
    'sso.error.sso_nonce_mismatch':
      'The identity token was not issued for this sign-in and was refused.',
    'sso.error.sso_pkce_failed':
      'The identity provider refused the code of this sign-in (PKCE check failed or the code expired).',
    'sso.error.sso_access_denied':
      'The identity provider refused the sign-in (the user may be disabled there).',
    'sso.error.sso_idp_error':
      'The identity provider could not be reached or answered with an error. Please try again later.',
    'sso.error.sso_token_invalid': 'The identity token is not valid.',
    'sso.error.sso_email_missing': 'The identity provider did not tell the email address.',
    'sso.error.sso_email_unverified': 'The identity provider has not verified this email address.',
    'sso.error.sso_domain_not_allowed': 'This email domain may not sign in to this account.',
    'sso.error.sso_email_other_account':
      'This email belongs to a user of another account and cannot sign in here.',
    'sso.error.sso_user_disabled': 'This user is disabled.',
    'sso.error.rate_limited': 'Too many attempts. Please wait a minute.',
    'sso.error.unknown': 'Single sign-on failed. Please retry.',
  },
});

/** The sign-in page's text key for an `sso_error` code (unknown codes get the generic one). */
export function ssoErrorKey(code: string): string {
  const key = `sso.error.${code}`;
  return Object.hasOwn(catalogue.en, key) ? key : 'sso.error.unknown';
}
