/**
 * Help-center UI strings in the project's i18n system (shared/i18n.ts): zh-CN and en; pages in any
 * other article locale get the English UI.
 */
import {
  defineCatalogue,
  pickLocale,
  type Translate,
  translator,
} from '../../../../shared/i18n.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'help.helpCenter': '帮助中心',
    'help.searchPlaceholder': '搜索问题，例如“我的快递到哪了”',
    'help.search': '搜索',
    'help.categories': '分类',
    'help.popular': '热门文章',
    'help.home': '首页',
    'help.articleCount': '{count} 篇文章',
    'help.noArticles': '这里还没有文章。',
    'help.results': '搜索结果',
    'help.noResults': '没有找到相关文章，换个说法试试，或直接联系我们。',
    'help.resultsFor': '“{q}” 的搜索结果',
    'help.helpful': '这篇文章有帮助吗？',
    'help.yes': '有帮助',
    'help.no': '没有帮助',
    'help.comment': '还有什么想告诉我们的？（可选）',
    'help.send': '提交',
    'help.thanks': '感谢您的反馈！',
    'help.stillNeedHelp': '还需要帮助？',
    'help.chatWithUs': '和我们聊聊',
    'help.chatHint': '没找到答案？我们的客服很乐意为您解答。',
    'help.language': '语言',
    'help.notFound': '页面不存在',
    'help.notFoundText': '找不到这个页面，它可能已被移动或删除。',
    'help.backHome': '返回帮助中心首页',
    'help.updated': '更新于',
    'help.inThisCategory': '本分类下的文章',
    'help.subcategories': '子分类',
    'help.skip': '跳到主要内容',
  },
  en: {
    'help.helpCenter': 'Help Center',
    'help.searchPlaceholder': 'Search, e.g. "where is my order"',
    'help.search': 'Search',
    'help.categories': 'Categories',
    'help.popular': 'Popular articles',
    'help.home': 'Home',
    'help.articleCount': '{count} articles',
    'help.noArticles': 'No articles here yet.',
    'help.results': 'Search results',
    'help.noResults': 'No matching articles. Try other words, or chat with us.',
    'help.resultsFor': 'Results for “{q}”',
    'help.helpful': 'Was this article helpful?',
    'help.yes': 'Yes',
    'help.no': 'No',
    'help.comment': 'Anything else you want to tell us? (optional)',
    'help.send': 'Send',
    'help.thanks': 'Thanks for your feedback!',
    'help.stillNeedHelp': 'Still need help?',
    'help.chatWithUs': 'Chat with us',
    'help.chatHint': 'Did not find your answer? Our team is happy to help.',
    'help.language': 'Language',
    'help.notFound': 'Page not found',
    'help.notFoundText': 'We could not find this page. It may have been moved or removed.',
    'help.backHome': 'Back to the Help Center',
    'help.updated': 'Updated',
    'help.inThisCategory': 'Articles in this category',
    'help.subcategories': 'Subcategories',
    'help.skip': 'Skip to main content',
  },
});

/** Article languages by name in the language switcher (each in its own language, not translated). */
export const LOCALE_NAMES: Record<string, string> = {
  'zh-CN': '简体中文',
  en: 'English',
  'zh-TW': '繁體中文',
  ja: '日本語',
  ko: '한국어',
};

/** `t` for a page in an article locale: the Chinese UI for Chinese locales, else the English one. */
export function helpTranslator(locale: string): Translate {
  return translator(catalogue, pickLocale('en', locale));
}
