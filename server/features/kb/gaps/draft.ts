/** One click from a gap to a draft article, prefilled from the customers' questions and the agents' best reply. */
import type { CommandContext } from '../../../core/commands/context.ts';
import { conflict, notFound } from '../../../core/errors.ts';
import { createArticle } from '../commands/articles.ts';
import { authorizeKb } from '../domain/policy.ts';
import { cosine, vectorize, type Vector } from './cluster.ts';
import { gapDetail } from './queries.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../../core/db/types.ts';

/** Optional drafting hook (an LLM, when the AI feature configures one): questions + agent replies → answer text. */
export type GapDrafter = (input: {
  questions: string[];
  agentReplies: string[];
  locale: string;
}) => Promise<{ answer: string; body?: string } | null>;
let drafter: GapDrafter | null = null;
export function setGapDrafter(fn: GapDrafter | null): void {
  drafter = fn;
}

export function localeOf(text: string): string {
  return /[\u3400-\u9fff]/.test(text) ? 'zh-CN' : 'en';
}

export async function draftArticleFromGap(ctx: CommandContext, input: { topicId: string }) {
  authorizeKb(ctx.actor, 'kb.manage');
  const topic = await ctx.tx
    .selectFrom('kb_gap_topics')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.topicId)
    .executeTakeFirst();
  if (!topic) throw notFound('gap');
  if (topic.article_id) throw conflict('gap_has_article', 'This gap already has an article.');
  const detail = await gapDetail(ctx.tx as unknown as Kysely<DB>, ctx.accountId, topic.id, ctx.now);
  const centroid = JSON.parse(topic.centroid) as Vector;
  const questions = [
    ...new Set([topic.label, ...detail.examples.map((e) => e.question.trim())]),
  ].filter(Boolean);
  const ranked = questions
    .map((q) => ({ q, s: cosine(vectorize(q), centroid) }))
    .sort((a, b) => b.s - a.s)
    .map((x) => x.q);
  const title = ranked[0].slice(0, 300);
  const locale = localeOf(title);
  const replies = detail.agentReplies.map((r) => r.text);
  const drafted = drafter
    ? await drafter({ questions: ranked, agentReplies: replies, locale }).catch(() => null)
    : null;
  const answer = (drafted?.answer ?? replies[0] ?? '').slice(0, 5_000);
  const article = await createArticle(ctx, {
    title,
    answer,
    body: (drafted?.body ?? answer).slice(0, 100_000),
    similarQuestions: ranked.slice(1, 20).map((q) => q.slice(0, 500)),
    keywords: [],
    tags: ['from-gap'],
    categoryId: null,
    inboxIds: null,
    ownerId: null,
    reviewBy: null,
    locale,
    status: 'draft',
  });
  await ctx.tx
    .updateTable('kb_gap_topics')
    .set({ article_id: article.id, status: 'drafted', updated_at: ctx.now })
    .where('id', '=', topic.id)
    .execute();
  await ctx.events.record('kb.gap_drafted', { topicId: topic.id, articleId: article.id });
  return {
    article,
    source: drafted
      ? ('llm' as const)
      : replies.length
        ? ('agent_reply' as const)
        : ('questions' as const),
  };
}

export async function setGapStatus(
  ctx: CommandContext,
  input: { topicId: string; status: 'open' | 'dismissed' },
) {
  authorizeKb(ctx.actor, 'kb.manage');
  const r = await ctx.tx
    .updateTable('kb_gap_topics')
    .set({ status: input.status, updated_at: ctx.now })
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.topicId)
    .executeTakeFirst();
  if (!Number(r.numUpdatedRows)) throw notFound('gap');
}
