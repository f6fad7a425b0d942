/**
 * What the inbound half of the email channel writes for people (shared/i18n.ts): the sender
 * verdict shown on a mail, the kind of automatic mail, notes on how a mail was threaded, the
 * bounce activity, and the plain-language meaning of each ingest outcome code (admins' failure list).
 */
import { defineCatalogue, type Locale, translator } from '../../../shared/i18n.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'emailIn.auth.not_verified': '无法验证发件人：这封邮件可能不是由该地址的主人发出的',
    'emailIn.auth.dmarc_pass': '发件人已验证（DMARC）',
    'emailIn.auth.dkim_aligned': '发件人已验证（DKIM 签名）',
    'emailIn.auth.trusted_inbox': '此收件箱设置为信任发件人（未经验证）',
    'emailIn.auto.auto_replied': '自动回复',
    'emailIn.auto.auto_generated': '自动生成的邮件',
    'emailIn.auto.bulk': '群发邮件',
    'emailIn.auto.list': '邮件列表',
    'emailIn.auto.bounce': '退信通知',
    'emailIn.auto.own': '来自本收件箱自己的地址',
    'emailIn.noAutoReply': '不会对这封邮件自动回复',
    'emailIn.sentOutsideKefu':
      '客服在 Kefu 之外（例如 Outlook）发出的回复，客户已收到，不会重复发送',
    'emailIn.thread.new_topic': '客户修改了主题，已作为新会话',
    'emailIn.thread.forwarded': '转发的邮件，已作为新会话',
    'emailIn.forwardedFrom': '转发自 {name} <{address}>',
    'emailIn.bounce.failed': '邮件投递失败：{recipients}',
    'emailIn.bounce.report': '收到邮件投递报告',
    'emailIn.mergeSuggested': '另一位联系人也使用这个邮箱地址，建议核实后合并',
    'emailIn.error.email_no_sender': '邮件没有发件人地址，无法处理。',
    'emailIn.error.email_from_team_unthreaded':
      '这封邮件来自客服或本收件箱的地址，但不属于任何会话，因此没有作为客户邮件保存。',
    'emailIn.error.email_own_address':
      '这封邮件来自本收件箱自己的地址（邮件循环），没有保存为客户邮件。',
    'emailIn.error.email_own_mail': '这是 Kefu 自己发出的邮件的副本，已忽略。',
    'emailIn.error.email_ingest_failed': '处理这封邮件时出错，稍后会自动重试。',
    'emailIn.error.email_ingest_attempts_exhausted':
      '这封邮件多次处理失败，已停止重试并保存在隔离区，可由管理员重新处理。',
    'emailIn.error.payload_too_large': '邮件超过了大小上限。',
    'emailIn.error.not_found': '找不到这个邮件收件箱。',
  },
  en: {
    'emailIn.auth.not_verified':
      'From could not be verified: this mail may not come from the owner of the address',
    'emailIn.auth.dmarc_pass': 'Sender verified (DMARC)',
    'emailIn.auth.dkim_aligned': 'Sender verified (DKIM signature)',
    'emailIn.auth.trusted_inbox': 'This inbox trusts its senders (not verified)',
    'emailIn.auto.auto_replied': 'Automatic reply',
    'emailIn.auto.auto_generated': 'Automatically generated mail',
    'emailIn.auto.bulk': 'Bulk mail',
    'emailIn.auto.list': 'Mailing list',
    'emailIn.auto.bounce': 'Delivery report',
    'emailIn.auto.own': "From this inbox's own address",
    'emailIn.noAutoReply': 'No automatic answer will be sent to this mail',
    'emailIn.sentOutsideKefu':
      'A reply an agent sent outside Kefu (e.g. from Outlook): the customer has it, it is not sent again',
    'emailIn.thread.new_topic': 'The customer changed the subject: started as a new conversation',
    'emailIn.thread.forwarded': 'A forwarded mail: started as a new conversation',
    'emailIn.forwardedFrom': 'Forwarded from {name} <{address}>',
    'emailIn.bounce.failed': 'Mail could not be delivered: {recipients}',
    'emailIn.bounce.report': 'A delivery report arrived',
    'emailIn.mergeSuggested': 'Another contact has this email address too: check and merge them',
    'emailIn.error.email_no_sender': 'The mail has no sender address and could not be processed.',
    'emailIn.error.email_from_team_unthreaded':
      "The mail came from an agent or this inbox's address but belongs to no conversation, so it was not kept as a customer's mail.",
    'emailIn.error.email_own_address':
      "The mail came from this inbox's own address (a mail loop) and was not kept as a customer's mail.",
    'emailIn.error.email_own_mail': 'A copy of a mail Kefu sent itself: ignored.',
    'emailIn.error.email_ingest_failed': 'Processing this mail failed; it will be tried again.',
    'emailIn.error.email_ingest_attempts_exhausted':
      'This mail failed several times: it is no longer tried and is kept in quarantine, where an admin can process it again.',
    'emailIn.error.payload_too_large': 'The mail is larger than the size limit.',
    'emailIn.error.not_found': 'This email inbox was not found.',
  },
});

export const emailInText = (locale: Locale) => translator(catalogue, locale);
