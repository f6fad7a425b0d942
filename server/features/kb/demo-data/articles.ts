/** Starter knowledge base for e-commerce customer service, zh-CN + en translations of each article. */
import { ACCOUNT_ARTICLES } from './account.ts';
import type { DemoArticle } from './categories.ts';
import { ORDER_ARTICLES } from './orders.ts';
import { RETURN_ARTICLES } from './returns.ts';

export const DEMO_ARTICLES: DemoArticle[] = [
  ...ORDER_ARTICLES,
  ...RETURN_ARTICLES,
  ...ACCOUNT_ARTICLES,
];
