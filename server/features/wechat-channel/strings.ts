/**
 * What the WeChat channel says to people (shared/i18n.ts): why a reply was refused or not delivered
 * (keyed by its stable code, given beside the code in errors and on the message), and the reply
 * window as the composer shows it.
 */
import { defineCatalogue, type Locale, translator, type Vars } from '../../../shared/i18n.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'wechat.error.wechat_reply_window_closed':
      '客户超过 48 小时没有发消息（或只点了菜单、关注、扫码且已超过 1 分钟），公众号现在不能给他发客服消息。请等客户再次发消息，或通过其他渠道联系。',
    'wechat.error.wechat_reply_limit_reached':
      '客户上次发消息后，可发送的客服消息条数已用完（最多 {quota} 条）。请等客户再次发消息，或通过其他渠道联系。',
    'wechat.error.wechat_user_unsubscribed': '客户已取消关注公众号，无法再给他发消息。',
    'wechat.error.wechat_unsupported_media':
      '微信客服消息只能发送文字、图片、语音（AMR/MP3）和视频（MP4），不能发送这个文件。',
    'wechat.error.wechat_text_too_long':
      '消息太长，微信客服消息最多 {limit} 字节。请分成几条发送。',
    'wechat.error.wechat_not_configured':
      '这个微信收件箱还没有设置好，或找不到这位客户的微信身份。',
    'wechat.error.wechat_send_failed': '微信没有接收这条消息（错误码 {errcode}）：{errmsg}',
    'wechat.window.open': '还可回复 {count} 条，{hours} 小时后关闭',
    'wechat.window.openMinutes': '还可回复 {count} 条，{minutes} 分钟后关闭',
    'wechat.window.closed': '回复窗口已关闭：等客户再次发消息后才能回复',
  },
  en: {
    'wechat.error.wechat_reply_window_closed':
      'The customer has not written for 48 hours (or only clicked a menu, followed or scanned a code over a minute ago), so the Official Account cannot message them now. Wait until they write again, or reach them on another channel.',
    'wechat.error.wechat_reply_limit_reached':
      'All replies allowed since the customer last wrote have been sent (at most {quota}). Wait until they write again, or reach them on another channel.',
    'wechat.error.wechat_user_unsubscribed':
      'The customer unfollowed the Official Account and can no longer be messaged.',
    'wechat.error.wechat_unsupported_media':
      'WeChat customer-service messages carry text, pictures, voice (AMR/MP3) and video (MP4) only, not this file.',
    'wechat.error.wechat_text_too_long':
      'The message is too long: WeChat takes at most {limit} bytes. Send it in several parts.',
    'wechat.error.wechat_not_configured':
      'This WeChat inbox is not set up yet, or the customer has no WeChat identity for it.',
    'wechat.error.wechat_send_failed':
      'WeChat did not take the message (error {errcode}): {errmsg}',
    'wechat.window.open': '{count} replies left, closes in {hours} h',
    'wechat.window.open_one': '{count} reply left, closes in {hours} h',
    'wechat.window.openMinutes': '{count} replies left, closes in {minutes} min',
    'wechat.window.openMinutes_one': '{count} reply left, closes in {minutes} min',
    'wechat.window.closed': 'Reply window closed: you can reply once the customer writes again',
  },
});

/** A text in both languages (what errors and message attributes carry for people). */
export function bothLanguages(key: string, vars?: Vars): Record<Locale, string> {
  return {
    'zh-CN': translator(catalogue, 'zh-CN')(key, vars),
    en: translator(catalogue, 'en')(key, vars),
  };
}
