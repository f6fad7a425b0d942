/** "Was this helpful?" from the public help center: one row per answer, counters on the article. */
import { sql } from 'kysely';
import type { CommandContext } from '../../../core/commands/context.ts';
import { notFound } from '../../../core/errors.ts';
import { newId } from '../../../core/lib/ids.ts';

export async function recordArticleFeedback(
  ctx: CommandContext,
  input: { articleId: string; helpful: boolean; comment: string | null },
): Promise<void> {
  const a = await ctx.tx
    .selectFrom('kb_articles')
    .select('id')
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.articleId)
    .where('status', '=', 'published')
    .executeTakeFirst();
  if (!a) throw notFound('article');
  await ctx.tx
    .insertInto('kb_feedback')
    .values({
      id: newId(ctx.now),
      account_id: ctx.accountId,
      article_id: a.id,
      helpful: input.helpful ? 1 : 0,
      comment: input.comment,
      created_at: ctx.now,
    })
    .execute();
  await ctx.tx
    .updateTable('kb_articles')
    .set(
      input.helpful
        ? { helpful_count: sql`helpful_count + 1` }
        : { unhelpful_count: sql`unhelpful_count + 1` },
    )
    .where('id', '=', a.id)
    .execute();
  await ctx.events.record('kb.feedback_received', {
    articleId: a.id,
    helpful: input.helpful,
    comment: input.comment,
  });
}
