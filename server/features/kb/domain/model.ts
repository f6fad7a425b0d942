/** Article shape: zod input schemas, the DTO presenter and the version snapshot (pure). */
import { z } from 'zod';
import type { KbArticlesTable, KbCategoriesTable } from '../tables.ts';
import { Id } from '../../../core/http/schemas.ts';

export const KbLocale = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'a locale such as zh-CN or en')
  .max(20);
const Phrase = z.string().trim().min(1).max(500);

export const ArticleFields = z.strictObject({
  title: z.string().trim().min(1).max(300),
  answer: z.string().trim().max(5_000).default(''),
  body: z.string().max(100_000).default(''),
  similarQuestions: z.array(Phrase).max(100).default([]),
  keywords: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  tags: z.array(z.string().trim().min(1).max(50)).max(30).default([]),
  categoryId: Id.nullable().default(null),
  inboxIds: z.array(Id).max(100).nullable().default(null),
  ownerId: Id.nullable().default(null),
  reviewBy: z.iso
    .datetime()
    .transform((s) => Date.parse(s))
    .nullable()
    .default(null),
});
export const CreateArticle = ArticleFields.extend({
  locale: KbLocale.default('zh-CN'),
  status: z.enum(['draft', 'published']).default('draft'),
});
export const UpdateArticle = ArticleFields.partial()
  .extend({ expectedVersion: z.number().int().min(1).optional() })
  .strict();
export type ArticleInput = z.infer<typeof ArticleFields>;

export type ArticleRow = KbArticlesTable;

export interface ArticleSnapshot {
  locale: string;
  title: string;
  answer: string;
  body: string;
  similarQuestions: string[];
  keywords: string[];
  tags: string[];
  categoryId: string | null;
  status: string;
  inboxIds: string[] | null;
  ownerId: string | null;
  reviewBy: number | null;
}

export function parseList(raw: string | null): string[] {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

export function snapshotOf(a: ArticleRow): ArticleSnapshot {
  return {
    locale: a.locale,
    title: a.title,
    answer: a.answer,
    body: a.body,
    similarQuestions: parseList(a.similar_questions),
    keywords: parseList(a.keywords),
    tags: parseList(a.tags),
    categoryId: a.category_id,
    status: a.status,
    inboxIds: a.inbox_ids === null ? null : parseList(a.inbox_ids),
    ownerId: a.owner_id,
    reviewBy: a.review_by === null ? null : Number(a.review_by),
  };
}

/** The text a person compares between versions. */
export function snapshotText(s: ArticleSnapshot): string {
  return [
    `# ${s.title}`,
    `status: ${s.status}`,
    `locale: ${s.locale}`,
    `category: ${s.categoryId ?? '-'}`,
    `tags: ${s.tags.join(', ')}`,
    `keywords: ${s.keywords.join(', ')}`,
    'similar questions:',
    ...s.similarQuestions.map((q) => `- ${q}`),
    'answer:',
    ...s.answer.split('\n'),
    'body:',
    ...s.body.split('\n'),
  ].join('\n');
}

const iso = (ms: number | null) =>
  ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString();

export function presentArticle(
  a: ArticleRow,
  translations?: Array<{ id: string; locale: string; status: string }>,
) {
  return {
    id: a.id,
    translationGroupId: a.translation_group_id,
    locale: a.locale,
    title: a.title,
    answer: a.answer,
    body: a.body,
    similarQuestions: parseList(a.similar_questions),
    keywords: parseList(a.keywords),
    tags: parseList(a.tags),
    categoryId: a.category_id,
    status: a.status,
    inboxIds: a.inbox_ids === null ? null : parseList(a.inbox_ids),
    ownerId: a.owner_id,
    reviewBy: iso(a.review_by),
    version: Number(a.version),
    helpfulCount: Number(a.helpful_count),
    unhelpfulCount: Number(a.unhelpful_count),
    publishedAt: iso(a.published_at),
    createdAt: iso(a.created_at),
    updatedAt: iso(a.updated_at),
    ...(translations ? { translations } : {}),
  };
}

export function parseNames(raw: string): Record<string, string> {
  try {
    const v = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

export function presentCategory(c: KbCategoriesTable) {
  return {
    id: c.id,
    parentId: c.parent_id,
    names: parseNames(c.names),
    descriptions: parseNames(c.descriptions),
    position: Number(c.position),
  };
}

/** Localized name with fallback to any locale. */
export function localized(map: Record<string, string>, locale: string): string {
  return (
    map[locale] ??
    map[locale.split('-')[0]] ??
    map.en ??
    map['zh-CN'] ??
    Object.values(map)[0] ??
    ''
  );
}
