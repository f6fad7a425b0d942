/** Starter knowledge base for e-commerce customer service: its shapes and categories. */
export interface DemoCategory {
  key: string;
  names: { 'zh-CN': string; en: string };
  descriptions: { 'zh-CN': string; en: string };
}
export interface DemoSide {
  title: string;
  answer: string;
  body: string;
  similar: string[];
  keywords: string[];
}
export interface DemoArticle {
  category: string;
  zh: DemoSide;
  en: DemoSide;
}

export const DEMO_CATEGORIES: DemoCategory[] = [
  {
    key: 'orders',
    names: { 'zh-CN': '订单', en: 'Orders' },
    descriptions: { 'zh-CN': '查询、修改和取消订单', en: 'Track, change and cancel orders' },
  },
  {
    key: 'shipping',
    names: { 'zh-CN': '物流配送', en: 'Shipping & delivery' },
    descriptions: {
      'zh-CN': '发货时间、运费与配送范围',
      en: 'Delivery times, fees and where we ship',
    },
  },
  {
    key: 'returns',
    names: { 'zh-CN': '退货退款', en: 'Returns & refunds' },
    descriptions: {
      'zh-CN': '七天无理由退货、退款进度与换货',
      en: '7-day returns, refund status and exchanges',
    },
  },
  {
    key: 'payment',
    names: { 'zh-CN': '支付', en: 'Payment' },
    descriptions: { 'zh-CN': '支付方式与支付问题', en: 'Payment methods and payment problems' },
  },
  {
    key: 'account',
    names: { 'zh-CN': '账户', en: 'Account' },
    descriptions: { 'zh-CN': '登录、密码与个人信息', en: 'Sign-in, password and profile' },
  },
  {
    key: 'invoices',
    names: { 'zh-CN': '发票', en: 'Invoices' },
    descriptions: { 'zh-CN': '申请和修改发票', en: 'Request and correct invoices' },
  },
];
