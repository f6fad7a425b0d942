/** Category tree commands (names and descriptions per locale). */
import { z } from 'zod';
import type { CommandContext } from '../../../core/commands/context.ts';
import type { KbCategoriesTable } from '../tables.ts';
import { badInput, notFound } from '../../../core/errors.ts';
import { Id } from '../../../core/http/schemas.ts';
import { newId } from '../../../core/lib/ids.ts';
import { bumpRevision } from './articles.ts';
import { authorizeKb } from '../domain/policy.ts';

const LocalizedText = (max: number) =>
  z
    .record(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/), z.string().trim().max(max))
    .refine((r) => Object.keys(r).length <= 20, 'at most 20 locales');
export const CategoryInput = z.strictObject({
  names: LocalizedText(100).refine(
    (r) => Object.values(r).some((v) => v.length > 0),
    'a name is required',
  ),
  descriptions: LocalizedText(500).default({}),
  parentId: Id.nullable().default(null),
  position: z.number().int().min(0).max(100_000).default(0),
});
export type CategoryInputT = z.infer<typeof CategoryInput>;

async function load(ctx: CommandContext, id: string): Promise<KbCategoriesTable> {
  const c = await ctx.tx
    .selectFrom('kb_categories')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!c) throw notFound('category');
  return c;
}

/** The parent must exist in the account and must not be the category itself or one of its descendants. */
async function checkParent(
  ctx: CommandContext,
  parentId: string | null,
  selfId?: string,
): Promise<void> {
  let cursor = parentId;
  for (let depth = 0; cursor; depth++) {
    if (cursor === selfId || depth > 10)
      throw badInput(
        'invalid_parent',
        'A category cannot be inside itself, and the tree is at most 10 levels deep.',
      );
    const p = await ctx.tx
      .selectFrom('kb_categories')
      .select('parent_id')
      .where('account_id', '=', ctx.accountId)
      .where('id', '=', cursor)
      .executeTakeFirst();
    if (!p) throw badInput('unknown_category', 'The parent category does not exist.');
    cursor = p.parent_id;
  }
}

export async function createCategory(
  ctx: CommandContext,
  input: CategoryInputT,
): Promise<KbCategoriesTable> {
  authorizeKb(ctx.actor, 'kb.manage');
  await checkParent(ctx, input.parentId);
  const row: KbCategoriesTable = {
    id: newId(ctx.now),
    account_id: ctx.accountId,
    parent_id: input.parentId,
    names: JSON.stringify(input.names),
    descriptions: JSON.stringify(input.descriptions),
    position: input.position,
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  await ctx.tx.insertInto('kb_categories').values(row).execute();
  await bumpRevision(ctx);
  await ctx.events.record('kb.category_changed', { categoryId: row.id, deleted: false });
  return row;
}

export async function updateCategory(
  ctx: CommandContext,
  input: Partial<CategoryInputT> & { categoryId: string },
): Promise<KbCategoriesTable> {
  authorizeKb(ctx.actor, 'kb.manage');
  const c = await load(ctx, input.categoryId);
  if (input.parentId !== undefined) await checkParent(ctx, input.parentId, c.id);
  const next: KbCategoriesTable = {
    ...c,
    updated_at: ctx.now,
    ...(input.names ? { names: JSON.stringify(input.names) } : {}),
    ...(input.descriptions ? { descriptions: JSON.stringify(input.descriptions) } : {}),
    ...(input.parentId !== undefined ? { parent_id: input.parentId } : {}),
    ...(input.position !== undefined ? { position: input.position } : {}),
  };
  await ctx.tx.updateTable('kb_categories').set(next).where('id', '=', c.id).execute();
  await bumpRevision(ctx);
  await ctx.events.record('kb.category_changed', { categoryId: c.id, deleted: false });
  return next;
}

export async function deleteCategory(
  ctx: CommandContext,
  input: { categoryId: string },
): Promise<void> {
  authorizeKb(ctx.actor, 'kb.manage');
  const c = await load(ctx, input.categoryId);
  await ctx.tx
    .updateTable('kb_categories')
    .set({ parent_id: c.parent_id })
    .where('account_id', '=', ctx.accountId)
    .where('parent_id', '=', c.id)
    .execute();
  await ctx.tx
    .updateTable('kb_articles')
    .set({ category_id: null })
    .where('account_id', '=', ctx.accountId)
    .where('category_id', '=', c.id)
    .execute();
  await ctx.tx.deleteFrom('kb_categories').where('id', '=', c.id).execute();
  await bumpRevision(ctx);
  await ctx.events.record('kb.category_changed', { categoryId: c.id, deleted: true });
}

/** Finds or creates the category path "Orders/Shipping" by name in a locale (used by imports). */
export async function ensureCategoryPath(
  ctx: CommandContext,
  path: string,
  locale: string,
  cache: Map<string, string>,
): Promise<string | null> {
  const parts = path
    .split('/')
    .map((p) => p.trim())
    .filter(Boolean)
    .slice(0, 10);
  let parent: string | null = null;
  for (let i = 0; i < parts.length; i++) {
    const key = parts
      .slice(0, i + 1)
      .join('/')
      .toLowerCase();
    let id: string | undefined = cache.get(key);
    if (!id) {
      const rows = await ctx.tx
        .selectFrom('kb_categories')
        .selectAll()
        .where('account_id', '=', ctx.accountId)
        .execute();
      const found = rows.find(
        (r) =>
          r.parent_id === parent &&
          Object.values(JSON.parse(r.names) as Record<string, string>).some(
            (n) => n.toLowerCase() === parts[i].toLowerCase(),
          ),
      );
      id =
        found?.id ??
        (
          await createCategory(ctx, {
            names: { [locale]: parts[i].slice(0, 100) },
            descriptions: {},
            parentId: parent,
            position: rows.length,
          })
        ).id;
      cache.set(key, id);
    }
    parent = id;
  }
  return parent;
}
