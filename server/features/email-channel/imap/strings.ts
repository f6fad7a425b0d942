/**
 * What the IMAP settings and status tell a person, in the project's i18n system (shared/i18n.ts):
 * one text per error code of imap/errors.ts, answered in the admin's language beside the code.
 */
import { defineCatalogue, type Locale, translate } from '../../../../shared/i18n.ts';
import type { ImapErrorCode } from './errors.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'imap.error.imap_connect_failed': '无法连接到 IMAP 服务器，请检查主机名和端口。',
    'imap.error.imap_timeout': 'IMAP 服务器没有及时响应。',
    'imap.error.imap_tls_failed': '无法与 IMAP 服务器建立加密连接（TLS），请检查加密方式和证书。',
    'imap.error.imap_auth_failed': 'IMAP 服务器拒绝了用户名或密码。',
    'imap.error.imap_mailbox_not_found': '邮箱中找不到文件夹“{mailbox}”。',
    'imap.error.imap_mailbox_refused':
      '文件夹“{mailbox}”是已发送、草稿、垃圾邮件、已删除或全部邮件文件夹，不会从中收取邮件。',
    'imap.error.imap_address_blocked': '出于安全原因，不允许连接到这个地址（内网或本机地址）。',
    'imap.error.imap_failed': 'IMAP 同步出错。',
  },
  en: {
    'imap.error.imap_connect_failed':
      'Could not connect to the IMAP server. Check the host name and the port.',
    'imap.error.imap_timeout': 'The IMAP server did not answer in time.',
    'imap.error.imap_tls_failed':
      'Could not set up an encrypted (TLS) connection to the IMAP server. Check the security setting and the certificate.',
    'imap.error.imap_auth_failed': 'The IMAP server refused the user name or password.',
    'imap.error.imap_mailbox_not_found': 'The mailbox has no folder "{mailbox}".',
    'imap.error.imap_mailbox_refused':
      'The folder "{mailbox}" holds sent mail, drafts, junk, deleted or all mail; Kefu does not read mail from it.',
    'imap.error.imap_address_blocked':
      'For security, connecting to this address (a private or local one) is not allowed.',
    'imap.error.imap_failed': 'The IMAP sync failed.',
  },
});

/** The text for an error code, in `locale`. */
export const errorText = (locale: Locale, code: ImapErrorCode, mailbox: string): string =>
  translate(catalogue, locale, `imap.error.${code}`, { mailbox });
