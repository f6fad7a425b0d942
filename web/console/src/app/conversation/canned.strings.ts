/** The composer's canned replies and `{{variable}}` warnings: `composer.canned.`, `composer.vars.`, `composer.lang.` */
import { defineCatalogue } from '../../../../../shared/i18n.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'composer.canned.rendering': '正在按客户的语言填写快捷回复…',
    'composer.canned.failed': '快捷回复未能填写，请重试。',
    'composer.canned.fallback': '这条快捷回复没有{language}版本，当前是{textLanguage}版本。',
    'composer.vars.title': '以下变量未能填写，发送前请修改或删除：',
    'composer.vars.unknown': '没有这个变量',
    'composer.vars.empty': '该客户没有这项信息',
    'composer.vars.left': '尚未填写',
    'composer.vars.select': '在回复中选中 {name}',
    'composer.vars.fill': '重新填写变量',
    'composer.lang.zh-CN': '中文',
    'composer.lang.en': '英文',
  },
  en: {
    'composer.canned.rendering': "Filling in the canned reply in the customer's language…",
    'composer.canned.failed': 'The canned reply could not be filled in. Try again.',
    'composer.canned.fallback':
      'This canned reply has no {language} text; this is the {textLanguage} one.',
    'composer.vars.title':
      'These variables could not be filled in. Edit or remove them before sending:',
    'composer.vars.unknown': 'no such variable',
    'composer.vars.empty': 'this customer has no value for it',
    'composer.vars.left': 'not filled in',
    'composer.vars.select': 'Select {name} in the reply',
    'composer.vars.fill': 'Fill in variables',
    'composer.lang.zh-CN': 'Chinese',
    'composer.lang.en': 'English',
  },
});
