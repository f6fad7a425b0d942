/** zh-CN / en strings of the WeChat channel in the console (prefix `wechat.`). */
import { defineCatalogue } from '../../../../../shared/i18n.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'wechat.panel.title': '微信回复窗口',
    'wechat.panel.others': '其他联系方式',
    'wechat.panel.email': '邮箱：{address}',
    'wechat.panel.phone': '电话：{number}',
    'wechat.settings.title': '微信公众号 / 小程序',
    'wechat.settings.hint':
      '在微信公众平台“服务器配置”中填写下面的服务器地址，以及与这里相同的令牌（Token）和消息加解密密钥（EncodingAESKey）。密钥保存后不会再显示。',
    'wechat.settings.url': '服务器地址（URL）',
    'wechat.settings.appId': 'AppID',
    'wechat.settings.appKind': '类型',
    'wechat.settings.kindOa': '公众号',
    'wechat.settings.kindMp': '小程序',
    'wechat.settings.mode': '消息加解密方式',
    'wechat.settings.modePlain': '明文模式',
    'wechat.settings.modeCompatible': '兼容模式',
    'wechat.settings.modeSecure': '安全模式（推荐）',
    'wechat.settings.token': '令牌（Token）',
    'wechat.settings.aesKey': '消息加解密密钥（EncodingAESKey）',
    'wechat.settings.secret': 'AppSecret',
    'wechat.settings.keep': '已设置：留空则保持不变',
    'wechat.settings.userInfo':
      '获取关注者的 UnionID（同一开放平台下的公众号、小程序客户自动合并）',
    'wechat.settings.save': '保存',
  },
  en: {
    'wechat.panel.title': 'WeChat reply window',
    'wechat.panel.others': 'Other ways to reach them',
    'wechat.panel.email': 'Email: {address}',
    'wechat.panel.phone': 'Phone: {number}',
    'wechat.settings.title': 'WeChat Official Account / Mini Program',
    'wechat.settings.hint':
      "In the WeChat platform's server settings, enter the server URL below with the same Token and EncodingAESKey as here. Secrets are not shown again once saved.",
    'wechat.settings.url': 'Server URL',
    'wechat.settings.appId': 'AppID',
    'wechat.settings.appKind': 'Kind',
    'wechat.settings.kindOa': 'Official Account',
    'wechat.settings.kindMp': 'Mini Program',
    'wechat.settings.mode': 'Message encryption',
    'wechat.settings.modePlain': 'Plaintext',
    'wechat.settings.modeCompatible': 'Compatible',
    'wechat.settings.modeSecure': 'Secure (recommended)',
    'wechat.settings.token': 'Token',
    'wechat.settings.aesKey': 'EncodingAESKey',
    'wechat.settings.secret': 'AppSecret',
    'wechat.settings.keep': 'Set: leave empty to keep it',
    'wechat.settings.userInfo':
      "Ask for followers' UnionID (customers of the same Open Platform account's apps are merged)",
    'wechat.settings.save': 'Save',
  },
});
