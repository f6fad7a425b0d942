/** Help-center UI strings (zh-CN and en; other article locales fall back to English UI). */
const zh = {
  helpCenter: '帮助中心', searchPlaceholder: '搜索问题，例如“我的快递到哪了”', search: '搜索', categories: '分类', popular: '热门文章',
  home: '首页', articles: '篇文章', noArticles: '这里还没有文章。', results: '搜索结果', noResults: '没有找到相关文章，换个说法试试，或直接联系我们。',
  resultsFor: '“{q}” 的搜索结果', helpful: '这篇文章有帮助吗？', yes: '有帮助', no: '没有帮助', comment: '还有什么想告诉我们的？（可选）',
  send: '提交', thanks: '感谢您的反馈！', stillNeedHelp: '还需要帮助？', chatWithUs: '和我们聊聊', chatHint: '没找到答案？我们的客服很乐意为您解答。',
  language: '语言', notFound: '页面不存在', notFoundText: '找不到这个页面，它可能已被移动或删除。', backHome: '返回帮助中心首页',
  updated: '更新于', inThisCategory: '本分类下的文章', subcategories: '子分类', uncategorized: '其他', skip: '跳到主要内容',
};
const en: typeof zh = {
  helpCenter: 'Help Center', searchPlaceholder: 'Search, e.g. "where is my order"', search: 'Search', categories: 'Categories', popular: 'Popular articles',
  home: 'Home', articles: 'articles', noArticles: 'No articles here yet.', results: 'Search results', noResults: 'No matching articles. Try other words, or chat with us.',
  resultsFor: 'Results for “{q}”', helpful: 'Was this article helpful?', yes: 'Yes', no: 'No', comment: 'Anything else you want to tell us? (optional)',
  send: 'Send', thanks: 'Thanks for your feedback!', stillNeedHelp: 'Still need help?', chatWithUs: 'Chat with us', chatHint: 'Did not find your answer? Our team is happy to help.',
  language: 'Language', notFound: 'Page not found', notFoundText: 'We could not find this page. It may have been moved or removed.', backHome: 'Back to the Help Center',
  updated: 'Updated', inThisCategory: 'Articles in this category', subcategories: 'Subcategories', uncategorized: 'Other', skip: 'Skip to main content',
};

export type HelpStrings = typeof zh;
export const LOCALE_NAMES: Record<string, string> = { 'zh-CN': '简体中文', en: 'English', 'zh-TW': '繁體中文', ja: '日本語', ko: '한국어' };

export function stringsFor(locale: string): HelpStrings {
  return locale.startsWith('zh') ? zh : en;
}
