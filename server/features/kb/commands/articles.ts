/** Article commands: create, update, publish/archive, delete, translations, restore a version. */
import { sql } from 'kysely';
import type { CommandContext } from '../../../core/commands/context.ts';
import type { ArticleStatus } from '../tables.ts';
import { badInput, conflict, notFound } from '../../../core/errors.ts';
import { newId } from '../../../core/lib/ids.ts';
import type { KbArticleEvent } from '../events.ts';
import { authorizeKb } from '../domain/policy.ts';
import {
  type ArticleInput,
  type ArticleRow,
  type ArticleSnapshot,
  snapshotOf,
} from '../domain/model.ts';
import { loadArticle } from '../store/articles.ts';

/** Bumped on every change of the account's articles: the KnowledgeSource version and the page-cache key. */
export async function bumpRevision(ctx: CommandContext): Promise<void> {
  const r = await ctx.tx
    .updateTable('account_counters')
    .set({ value: sql`value + 1` })
    .where('account_id', '=', ctx.accountId)
    .where('name', '=', 'kb_revision')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0)
    await ctx.tx
      .insertInto('account_counters')
      .values({ account_id: ctx.accountId, name: 'kb_revision', value: 1 })
      .execute();
}

function authorOf(ctx: CommandContext): string | null {
  return ctx.actor.kind === 'user' ? ctx.actor.userId : null;
}

async function saveVersion(ctx: CommandContext, a: ArticleRow, action: string): Promise<void> {
  const authorId = authorOf(ctx);
  const author = authorId
    ? await ctx.tx.selectFrom('users').select('name').where('id', '=', authorId).executeTakeFirst()
    : null;
  await ctx.tx
    .insertInto('kb_article_versions')
    .values({
      id: newId(ctx.now),
      account_id: ctx.accountId,
      article_id: a.id,
      version: Number(a.version),
      snapshot: JSON.stringify(snapshotOf(a)),
      action,
      author_id: authorId,
      author_name:
        author?.name ?? (ctx.actor.kind === 'system' ? (ctx.actor.name ?? 'system') : null),
      created_at: ctx.now,
    })
    .execute();
}

export const eventOf = (a: ArticleRow): KbArticleEvent => ({
  articleId: a.id,
  translationGroupId: a.translation_group_id,
  locale: a.locale,
  title: a.title,
  status: a.status,
  version: Number(a.version),
});

async function checkRefs(ctx: CommandContext, input: Partial<ArticleInput>): Promise<void> {
  const { tx, accountId } = ctx;
  if (input.categoryId) {
    const c = await tx
      .selectFrom('kb_categories')
      .select('id')
      .where('account_id', '=', accountId)
      .where('id', '=', input.categoryId)
      .executeTakeFirst();
    if (!c) throw badInput('unknown_category', 'The category does not exist.');
  }
  if (input.inboxIds?.length) {
    const rows = await tx
      .selectFrom('inboxes')
      .select('id')
      .where('account_id', '=', accountId)
      .where('id', 'in', input.inboxIds)
      .execute();
    if (rows.length !== new Set(input.inboxIds).size)
      throw badInput('unknown_inbox', 'An inbox does not exist.');
  }
  if (input.ownerId) {
    const u = await tx
      .selectFrom('users')
      .select('id')
      .where('account_id', '=', accountId)
      .where('id', '=', input.ownerId)
      .executeTakeFirst();
    if (!u) throw badInput('unknown_owner', 'The owner is not a user of this account.');
  }
}

function columnsOf(input: Partial<ArticleInput>): Partial<ArticleRow> {
  const out: Partial<ArticleRow> = {};
  if (input.title !== undefined) out.title = input.title;
  if (input.answer !== undefined) out.answer = input.answer;
  if (input.body !== undefined) out.body = input.body;
  if (input.similarQuestions !== undefined)
    out.similar_questions = JSON.stringify([...new Set(input.similarQuestions)]);
  if (input.keywords !== undefined) out.keywords = JSON.stringify([...new Set(input.keywords)]);
  if (input.tags !== undefined) out.tags = JSON.stringify([...new Set(input.tags)]);
  if (input.categoryId !== undefined) out.category_id = input.categoryId;
  if (input.inboxIds !== undefined)
    out.inbox_ids = input.inboxIds === null ? null : JSON.stringify([...new Set(input.inboxIds)]);
  if (input.ownerId !== undefined) out.owner_id = input.ownerId;
  if (input.reviewBy !== undefined) out.review_by = input.reviewBy;
  return out;
}

export interface CreateArticleInput extends ArticleInput {
  locale: string;
  status: 'draft' | 'published';
  translationGroupId?: string;
}

export async function createArticle(
  ctx: CommandContext,
  input: CreateArticleInput,
): Promise<ArticleRow> {
  authorizeKb(ctx.actor, 'kb.manage');
  await checkRefs(ctx, input);
  const id = newId(ctx.now);
  const groupId = input.translationGroupId ?? id;
  const dup = await ctx.tx
    .selectFrom('kb_articles')
    .select('id')
    .where('account_id', '=', ctx.accountId)
    .where('translation_group_id', '=', groupId)
    .where('locale', '=', input.locale)
    .executeTakeFirst();
  if (dup)
    throw conflict(
      'translation_exists',
      'This article already has a translation in that language.',
    );
  const row: ArticleRow = {
    id,
    account_id: ctx.accountId,
    translation_group_id: groupId,
    locale: input.locale,
    title: input.title,
    answer: input.answer,
    body: input.body,
    similar_questions: '[]',
    keywords: '[]',
    tags: '[]',
    category_id: null,
    status: input.status,
    inbox_ids: null,
    owner_id: input.ownerId ?? authorOf(ctx),
    review_by: null,
    version: 1,
    popularity: 0,
    helpful_count: 0,
    unhelpful_count: 0,
    published_at: input.status === 'published' ? ctx.now : null,
    created_at: ctx.now,
    updated_at: ctx.now,
    ...columnsOf({ ...input, ownerId: input.ownerId ?? authorOf(ctx) }),
  };
  await ctx.tx.insertInto('kb_articles').values(row).execute();
  await saveVersion(ctx, row, 'created');
  await bumpRevision(ctx);
  await ctx.events.record('kb.article_created', eventOf(row));
  if (row.status === 'published') await afterPublish(ctx, row);
  return row;
}

export interface UpdateArticleInput extends Partial<ArticleInput> {
  articleId: string;
  expectedVersion?: number;
}

export async function updateArticle(
  ctx: CommandContext,
  input: UpdateArticleInput,
): Promise<ArticleRow> {
  authorizeKb(ctx.actor, 'kb.manage');
  const a = await loadArticle(ctx.tx, ctx.accountId, input.articleId);
  if (input.expectedVersion !== undefined && input.expectedVersion !== Number(a.version)) {
    throw conflict('version_conflict', 'The article was changed by someone else; reload it.');
  }
  await checkRefs(ctx, input);
  const changes = columnsOf(input);
  const next: ArticleRow = {
    ...a,
    ...changes,
    version: Number(a.version) + 1,
    updated_at: ctx.now,
  };
  await ctx.tx
    .updateTable('kb_articles')
    .set({ ...changes, version: next.version, updated_at: ctx.now })
    .where('id', '=', a.id)
    .execute();
  await saveVersion(ctx, next, 'updated');
  await bumpRevision(ctx);
  await ctx.events.record('kb.article_updated', eventOf(next));
  return next;
}

export async function setArticleStatus(
  ctx: CommandContext,
  input: { articleId: string; status: ArticleStatus },
): Promise<ArticleRow> {
  authorizeKb(ctx.actor, 'kb.manage');
  const a = await loadArticle(ctx.tx, ctx.accountId, input.articleId);
  if (a.status === input.status) return a;
  if (input.status === 'published' && !a.title.trim())
    throw badInput('article_incomplete', 'An article needs a title before it is published.');
  const next: ArticleRow = {
    ...a,
    status: input.status,
    version: Number(a.version) + 1,
    updated_at: ctx.now,
    published_at: input.status === 'published' ? ctx.now : a.published_at,
  };
  await ctx.tx
    .updateTable('kb_articles')
    .set({
      status: next.status,
      version: next.version,
      updated_at: ctx.now,
      published_at: next.published_at,
    })
    .where('id', '=', a.id)
    .execute();
  await saveVersion(ctx, next, input.status);
  await bumpRevision(ctx);
  const type =
    input.status === 'published'
      ? 'kb.article_published'
      : input.status === 'archived'
        ? 'kb.article_archived'
        : 'kb.article_updated';
  await ctx.events.record(type, eventOf(next));
  if (input.status === 'published') await afterPublish(ctx, next);
  return next;
}

/** A gap topic whose draft this article is becomes resolved at its first publication (before/after starts here). */
async function afterPublish(ctx: CommandContext, a: ArticleRow): Promise<void> {
  await ctx.tx
    .updateTable('kb_gap_topics')
    .set({ status: 'resolved', article_published_at: ctx.now, updated_at: ctx.now })
    .where('account_id', '=', ctx.accountId)
    .where('article_id', '=', a.id)
    .where('article_published_at', 'is', null)
    .execute();
}

export async function deleteArticle(
  ctx: CommandContext,
  input: { articleId: string },
): Promise<void> {
  authorizeKb(ctx.actor, 'kb.manage');
  const a = await loadArticle(ctx.tx, ctx.accountId, input.articleId);
  await ctx.tx
    .deleteFrom('kb_article_versions')
    .where('account_id', '=', ctx.accountId)
    .where('article_id', '=', a.id)
    .execute();
  await ctx.tx
    .deleteFrom('kb_feedback')
    .where('account_id', '=', ctx.accountId)
    .where('article_id', '=', a.id)
    .execute();
  await ctx.tx
    .updateTable('kb_gap_topics')
    .set({ article_id: null, status: 'open' })
    .where('account_id', '=', ctx.accountId)
    .where('article_id', '=', a.id)
    .where('article_published_at', 'is', null)
    .execute();
  await ctx.tx.deleteFrom('kb_articles').where('id', '=', a.id).execute();
  await bumpRevision(ctx);
  await ctx.events.record('kb.article_deleted', eventOf(a));
}

export async function restoreVersion(
  ctx: CommandContext,
  input: { articleId: string; version: number },
): Promise<ArticleRow> {
  authorizeKb(ctx.actor, 'kb.manage');
  const a = await loadArticle(ctx.tx, ctx.accountId, input.articleId);
  const v = await ctx.tx
    .selectFrom('kb_article_versions')
    .select('snapshot')
    .where('account_id', '=', ctx.accountId)
    .where('article_id', '=', a.id)
    .where('version', '=', input.version)
    .executeTakeFirst();
  if (!v) throw notFound('version');
  const s = JSON.parse(v.snapshot) as ArticleSnapshot;
  const category = s.categoryId
    ? await ctx.tx
        .selectFrom('kb_categories')
        .select('id')
        .where('account_id', '=', ctx.accountId)
        .where('id', '=', s.categoryId)
        .executeTakeFirst()
    : null;
  const changes = columnsOf({
    title: s.title,
    answer: s.answer,
    body: s.body,
    similarQuestions: s.similarQuestions,
    keywords: s.keywords,
    tags: s.tags,
    categoryId: category ? s.categoryId : null,
    inboxIds: s.inboxIds,
    reviewBy: s.reviewBy,
  });
  const next: ArticleRow = {
    ...a,
    ...changes,
    version: Number(a.version) + 1,
    updated_at: ctx.now,
  };
  await ctx.tx
    .updateTable('kb_articles')
    .set({ ...changes, version: next.version, updated_at: ctx.now })
    .where('id', '=', a.id)
    .execute();
  await saveVersion(ctx, next, `restored v${input.version}`);
  await bumpRevision(ctx);
  await ctx.events.record('kb.article_restored', { ...eventOf(next), fromVersion: input.version });
  return next;
}

export async function createTranslation(
  ctx: CommandContext,
  input: CreateArticleInput & { sourceId: string },
): Promise<ArticleRow> {
  const src = await loadArticle(ctx.tx, ctx.accountId, input.sourceId);
  return createArticle(ctx, {
    ...input,
    translationGroupId: src.translation_group_id,
    categoryId: input.categoryId ?? src.category_id,
    inboxIds: input.inboxIds ?? (src.inbox_ids === null ? null : JSON.parse(src.inbox_ids)),
  });
}
