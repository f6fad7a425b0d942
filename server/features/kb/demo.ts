/** Seeds the demo account's bilingual starter knowledge base (published, so the bot and help center use it). */
import { execute, type CommandDeps } from '../../core/commands/context.ts';
import type { DemoContext } from '../../core/kit/feature.ts';
import type { Actor } from '../../core/policies/actor.ts';
import { createArticle, createTranslation } from './commands/articles.ts';
import { createCategory } from './commands/categories.ts';
import { DEMO_ARTICLES } from './demo-data/articles.ts';
import { DEMO_CATEGORIES, type DemoSide } from './demo-data/categories.ts';

const fields = (s: DemoSide, categoryId: string) => ({
  title: s.title,
  answer: s.answer,
  body: s.body,
  similarQuestions: s.similar,
  keywords: s.keywords,
  tags: [] as string[],
  categoryId,
  inboxIds: null,
  ownerId: null,
  reviewBy: null,
  status: 'published' as const,
});

export async function seedDemoKb(deps: CommandDeps, demo: DemoContext): Promise<void> {
  const owner: Actor = {
    kind: 'user',
    userId: demo.userIds[0],
    accountId: demo.accountId,
    role: 'owner',
  };
  const categories = new Map<string, string>();
  for (const [i, c] of DEMO_CATEGORIES.entries()) {
    categories.set(
      c.key,
      (
        await execute(deps, owner, createCategory, {
          names: c.names,
          descriptions: c.descriptions,
          parentId: null,
          position: i,
        })
      ).id,
    );
  }
  for (const a of DEMO_ARTICLES) {
    const categoryId = categories.get(a.category)!;
    const zh = await execute(deps, owner, createArticle, {
      ...fields(a.zh, categoryId),
      locale: 'zh-CN',
    });
    await execute(deps, owner, createTranslation, {
      ...fields(a.en, categoryId),
      locale: 'en',
      sourceId: zh.id,
    });
  }
}
