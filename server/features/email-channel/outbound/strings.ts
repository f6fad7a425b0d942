/**
 * What the outbound half of the email channel writes for people (shared/i18n.ts): the line above
 * quoted history, subjects and the test mail the customer or admin reads, and the plain-language
 * meaning of each delivery failure (keyed by its stable code, shown beside the code to admins).
 */
import { defineCatalogue, type Locale, translator } from '../../../../shared/i18n.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'emailOut.quoteHeader': '{date}，{name} 写道：',
    'emailOut.subjectFallback': '您的咨询 #{number}',
    'emailOut.testSubject': 'Kefu 测试邮件',
    'emailOut.testBody': '这是一封测试邮件：收件箱“{inbox}”的 SMTP 设置可以发送邮件。',
    'emailOut.error.smtp_not_configured': '这个邮件收件箱还没有设置 SMTP 发信服务器。',
    'emailOut.error.smtp_host_blocked':
      'SMTP 服务器的地址是内网或本机地址，出于安全原因不允许连接（可由管理员设置 OUTBOUND_ALLOW_PRIVATE 放开）。',
    'emailOut.error.smtp_host_not_found': '找不到 SMTP 服务器：请检查主机名。',
    'emailOut.error.smtp_connection_failed':
      '无法连接到 SMTP 服务器，或连接被中断：请检查主机名、端口，以及服务器是否在运行。',
    'emailOut.error.smtp_timeout': 'SMTP 服务器长时间没有应答。',
    'emailOut.error.smtp_tls_failed':
      '与 SMTP 服务器建立加密连接失败：请检查加密方式（TLS / STARTTLS）和服务器证书。',
    'emailOut.error.smtp_auth_failed': 'SMTP 服务器拒绝了用户名或密码。',
    'emailOut.error.smtp_rejected': 'SMTP 服务器拒收了这封邮件：{response}',
    'emailOut.error.smtp_deferred': 'SMTP 服务器暂时不接收这封邮件，稍后会自动重试：{response}',
    'emailOut.error.email_address_bounced':
      '这个地址之前退信过，不再向它发送自动邮件（客服的回复仍会发送）。',
    'emailOut.error.contact_has_no_email': '这位客户没有邮箱地址，无法发送邮件。',
    'emailOut.error.email_bounced': '收件方的邮件服务器退回了这封邮件：{response}',
    'emailOut.error.email_auto_loop':
      '没有发送这封自动邮件：它要回复的是一封自动邮件（自动回复、退信或群发），或收件人是我们自己的地址，发送会造成邮件循环。',
    'emailOut.error.email_auto_rate_limited':
      '没有发送这封自动邮件：这个地址在一小时内已经收到太多自动邮件。',
    'emailOut.error.email_send_failed': '邮件没能准备好发送（内部错误），稍后会自动重试。',
  },
  en: {
    'emailOut.quoteHeader': 'On {date}, {name} wrote:',
    'emailOut.subjectFallback': 'Your request #{number}',
    'emailOut.testSubject': 'Kefu test mail',
    'emailOut.testBody':
      'This is a test mail: the SMTP settings of the inbox "{inbox}" can send mail.',
    'emailOut.error.smtp_not_configured': 'This email inbox has no outgoing (SMTP) server yet.',
    'emailOut.error.smtp_host_blocked':
      'The SMTP server is on a private or local address, which is not allowed for safety (an administrator can allow it with OUTBOUND_ALLOW_PRIVATE).',
    'emailOut.error.smtp_host_not_found': 'The SMTP server was not found: check the host name.',
    'emailOut.error.smtp_connection_failed':
      'Could not connect to the SMTP server, or it dropped the connection: check the host, the port and that the server is running.',
    'emailOut.error.smtp_timeout': 'The SMTP server did not answer in time.',
    'emailOut.error.smtp_tls_failed':
      'The encrypted connection to the SMTP server failed: check the security setting (TLS / STARTTLS) and the server certificate.',
    'emailOut.error.smtp_auth_failed': 'The SMTP server refused the user name or password.',
    'emailOut.error.smtp_rejected': 'The SMTP server refused this mail: {response}',
    'emailOut.error.smtp_deferred':
      'The SMTP server will not take this mail right now; it is tried again later: {response}',
    'emailOut.error.email_address_bounced':
      'Mail to this address bounced before, so it gets no automatic mail (replies from people still go).',
    'emailOut.error.contact_has_no_email': 'This customer has no email address to send to.',
    'emailOut.error.email_bounced': "The recipient's mail server sent this mail back: {response}",
    'emailOut.error.email_auto_loop':
      'This automatic mail was not sent: it would answer automatic mail (an auto-reply, a bounce, a mailing list) or go to our own address, which makes mail loops.',
    'emailOut.error.email_auto_rate_limited':
      'This automatic mail was not sent: the address already got too many automatic mails within the hour.',
    'emailOut.error.email_send_failed':
      'The mail could not be prepared for sending (an internal error); it is tried again later.',
  },
});

/** Every failure code a delivery or a test mail can end with (listed in shared/errors.ts). */
export const DELIVERY_CODES = [
  'smtp_not_configured',
  'smtp_host_blocked',
  'smtp_host_not_found',
  'smtp_connection_failed',
  'smtp_timeout',
  'smtp_tls_failed',
  'smtp_auth_failed',
  'smtp_rejected',
  'smtp_deferred',
  'email_address_bounced',
  'contact_has_no_email',
  'email_bounced',
  'email_auto_loop',
  'email_auto_rate_limited',
  'email_send_failed',
] as const;
export type DeliveryCode = (typeof DELIVERY_CODES)[number];

/** The failure in both languages, for the answer to people (`{ 'zh-CN', en }`). */
export function describeFailure(code: DeliveryCode, response = ''): Record<Locale, string> {
  const vars = { response: response || '—' };
  return {
    'zh-CN': translator(catalogue, 'zh-CN')(`emailOut.error.${code}`, vars),
    en: translator(catalogue, 'en')(`emailOut.error.${code}`, vars),
  };
}
