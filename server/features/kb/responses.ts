/** Response schemas of the knowledge base's routes (OpenAPI and the test-time response check). */
import { z } from 'zod';
import { Iso } from '../../core/http/responses.ts';

/** domain/model.ts presentArticle. */
const Article = z.object({
  id: z.string(),
  translationGroupId: z.string(),
  locale: z.string(),
  title: z.string(),
  answer: z.string(),
  body: z.string(),
  similarQuestions: z.array(z.string()),
  keywords: z.array(z.string()),
  tags: z.array(z.string()),
  categoryId: z.string().nullable(),
  status: z.enum(['draft', 'published', 'archived']),
  /** null: every inbox. */
  inboxIds: z.array(z.string()).nullable(),
  ownerId: z.string().nullable(),
  reviewBy: Iso.nullable(),
  version: z.number(),
  helpfulCount: z.number(),
  unhelpfulCount: z.number(),
  publishedAt: Iso.nullable(),
  createdAt: Iso,
  updatedAt: Iso,
  /** The other locales of the article (GET /api/v1/kb/articles/:id). */
  translations: z
    .array(z.object({ id: z.string(), locale: z.string(), status: z.string() }))
    .optional(),
});

/** domain/model.ts presentCategory. */
const Category = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  names: z.record(z.string(), z.string()),
  descriptions: z.record(z.string(), z.string()),
  position: z.number(),
});

/** domain/model.ts ArticleSnapshot: an article as a version stored it. */
const Snapshot = z.object({
  locale: z.string(),
  title: z.string(),
  answer: z.string(),
  body: z.string(),
  similarQuestions: z.array(z.string()),
  keywords: z.array(z.string()),
  tags: z.array(z.string()),
  categoryId: z.string().nullable(),
  status: z.string(),
  inboxIds: z.array(z.string()).nullable(),
  ownerId: z.string().nullable(),
  reviewBy: z.number().nullable(),
});

/** Character ranges [from, to) of the query's terms. */
const Ranges = z.array(z.tuple([z.number(), z.number()]));

const Effect = z.object({
  questions: z.number(),
  answered: z.number(),
  answerRate: z.number().nullable(),
  rated: z.number(),
  helpful: z.number(),
  helpfulness: z.number().nullable(),
});

export const kbResponses = {
  Article,
  Articles: z.object({ articles: z.array(Article), nextCursor: z.string().nullable() }),
  Category,
  Categories: z.object({ categories: z.array(Category) }),
  /** POST /api/v1/kb/files: the stored image and the Markdown that shows it. */
  Image: z.object({
    id: z.string(),
    url: z.string(),
    contentType: z.string(),
    size: z.number(),
    markdown: z.string(),
  }),
  Search: z.object({
    results: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        locale: z.string(),
        score: z.number(),
        matched: z.string(),
        snippet: z.string(),
        highlights: z.object({ title: Ranges, matched: Ranges }),
      }),
    ),
  }),
  WidgetSearch: z.object({
    results: z.array(
      z.object({ id: z.string(), title: z.string(), snippet: z.string(), url: z.string() }),
    ),
  }),
  Versions: z.object({
    versions: z.array(
      z.object({
        version: z.number(),
        action: z.string(),
        authorId: z.string().nullable(),
        authorName: z.string().nullable(),
        createdAt: Iso,
      }),
    ),
  }),
  Version: z.object({
    version: z.number(),
    action: z.string(),
    authorName: z.string().nullable(),
    createdAt: Iso,
    snapshot: Snapshot,
    /** The version compared with (null for the first). */
    against: z.number().nullable(),
    diff: z.array(z.object({ op: z.enum([' ', '+', '-']), text: z.string() })),
    diffText: z.string(),
  }),
  Gaps: z.object({
    gaps: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        status: z.string(),
        articleId: z.string().nullable(),
        articlePublishedAt: Iso.nullable(),
        volume: z.number(),
        last7: z.number(),
        previous7: z.number(),
        trend: z.number(),
        lastAskedAt: Iso.nullable(),
      }),
    ),
  }),
  Gap: z.object({
    id: z.string(),
    label: z.string(),
    status: z.string(),
    articleId: z.string().nullable(),
    volume: z.number(),
    examples: z.array(
      z.object({
        question: z.string(),
        outcome: z.string(),
        conversationId: z.string(),
        at: Iso,
      }),
    ),
    agentReplies: z.array(
      z.object({
        conversationId: z.string(),
        text: z.string(),
        agentName: z.string().nullable(),
        rating: z.number().nullable(),
        at: Iso,
      }),
    ),
    effect: z.object({ since: Iso, before: Effect, after: Effect }).nullable(),
  }),
  GapDraft: z.object({ article: Article, source: z.enum(['llm', 'agent_reply', 'questions']) }),
  Import: z.object({
    created: z.number(),
    updated: z.number(),
    rows: z.number(),
    dryRun: z.boolean(),
  }),
};
