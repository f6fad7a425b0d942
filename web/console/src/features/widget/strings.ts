/** Console strings of the widget feature (prefix `widget.`). */
import { defineCatalogue } from '../../../../../shared/i18n.ts';

export const catalogue = defineCatalogue({
  'zh-CN': {
    'widget.context.title': '来源页面',
    'widget.context.article': '来自帮助文章：',
    'widget.context.page': '来自页面：',
    'widget.context.public': '查看公开页面',
    'widget.context.hint': '由访客所在页面提供，仅供参考',
  },
  en: {
    'widget.context.title': 'Opened from',
    'widget.context.article': 'Opened from article:',
    'widget.context.page': 'Opened from page:',
    'widget.context.public': 'View the public page',
    'widget.context.hint': "Supplied by the visitor's page; treat as a hint",
  },
});
