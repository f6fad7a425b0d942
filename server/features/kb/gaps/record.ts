/**
 * The gap loop's input: every `bot.replied` becomes a question row (gap when the bot had no answer,
 * handed over, or only suggested and the customer did not take a suggestion); `bot.feedback` with
 * helpful=false turns an answered question into a gap. Gap questions join or start topics; answered
 * ones join existing topics only, so a topic's before/after answer rate can be measured.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../core/db/types.ts';
import type { DomainEvent } from '../../../core/events/catalog.ts';
import { newId } from '../../../core/lib/ids.ts';
import { addToCentroid, nearestTopic, vectorize, type Vector } from './cluster.ts';

const SUGGESTION_WINDOW_MS = 30 * 60_000;
const MAX_TOPICS_COMPARED = 1_000;

async function assignTopic(
  db: Kysely<DB>,
  accountId: string,
  question: string,
  isGap: boolean,
  now: number,
): Promise<string | null> {
  const v = vectorize(question);
  if (!Object.keys(v).length) return null;
  const rows = await db
    .selectFrom('kb_gap_topics')
    .select(['id', 'centroid'])
    .where('account_id', '=', accountId)
    .where('status', '!=', 'dismissed')
    .orderBy('updated_at', 'desc')
    .limit(MAX_TOPICS_COMPARED)
    .execute();
  const topics = rows.map((r) => ({ id: r.id, centroid: JSON.parse(r.centroid) as Vector }));
  const hit = nearestTopic(v, topics);
  if (hit) {
    if (isGap) {
      const t = topics.find((x) => x.id === hit.id)!;
      await db
        .updateTable('kb_gap_topics')
        .set({ centroid: JSON.stringify(addToCentroid(t.centroid, v)), updated_at: now })
        .where('id', '=', hit.id)
        .execute();
    }
    return hit.id;
  }
  if (!isGap) return null;
  const id = newId(now);
  await db
    .insertInto('kb_gap_topics')
    .values({
      id,
      account_id: accountId,
      label: question.slice(0, 300),
      centroid: JSON.stringify(v),
      status: 'open',
      article_id: null,
      article_published_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function recordBotReplied(
  db: Kysely<DB>,
  event: DomainEvent<'bot.replied'>,
): Promise<void> {
  const p = event.payload;
  const key = `replied:${event.id}`;
  const exists = await db
    .selectFrom('kb_questions')
    .select('id')
    .where('account_id', '=', event.accountId)
    .where('event_key', '=', key)
    .executeTakeFirst();
  if (exists || !p.question?.trim()) return;
  const now = Number(event.createdAt);
  const isGap =
    p.outcome !== 'answered' &&
    !(
      p.outcome === 'handover' &&
      (await handedOverForOtherReason(db, event.accountId, p.conversationId, now))
    );
  if (p.outcome === 'answered' && p.articleIds.length) {
    await tookSuggestion(db, event.accountId, p.conversationId, p.articleIds, now);
    await db
      .updateTable('kb_articles')
      .set({ popularity: sql`popularity + 1` })
      .where('account_id', '=', event.accountId)
      .where('id', 'in', p.articleIds)
      .execute();
  }
  const topicId = await assignTopic(db, event.accountId, p.question, isGap, now);
  await db
    .insertInto('kb_questions')
    .values({
      id: newId(now),
      account_id: event.accountId,
      event_key: key,
      conversation_id: p.conversationId,
      question_message_id: p.questionMessageId,
      reply_message_id: p.replyMessageId,
      question: p.question.slice(0, 2000),
      outcome: p.outcome,
      article_ids: JSON.stringify(p.articleIds),
      is_gap: isGap ? 1 : 0,
      helpful: null,
      topic_id: topicId,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['account_id', 'event_key']).doNothing())
    .execute();
}

/** Handovers because the customer asked for a person or was upset are not knowledge gaps (the bot's own inability is). */
const NOT_KNOWLEDGE = new Set([
  'customer_request',
  'detected_request',
  'negative_emotion',
  'agent',
  'rule',
]);
async function handedOverForOtherReason(
  db: Kysely<DB>,
  accountId: string,
  conversationId: string,
  at: number,
): Promise<boolean> {
  const ev = await db
    .selectFrom('events')
    .select('payload')
    .where('account_id', '=', accountId)
    .where('conversation_id', '=', conversationId)
    .where('type', '=', 'conversation.handover_requested')
    .where('created_at', '>=', at - 60_000)
    .where('created_at', '<=', at + 5_000)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!ev) return false;
  try {
    return NOT_KNOWLEDGE.has((JSON.parse(ev.payload) as { reason?: string }).reason ?? '');
  } catch {
    return false;
  }
}

/** The customer picked one of the "did you mean" suggestions: that earlier question was not a gap after all. */
async function tookSuggestion(
  db: Kysely<DB>,
  accountId: string,
  conversationId: string,
  articleIds: string[],
  now: number,
): Promise<void> {
  const prev = await db
    .selectFrom('kb_questions')
    .select(['id', 'article_ids'])
    .where('account_id', '=', accountId)
    .where('conversation_id', '=', conversationId)
    .where('outcome', '=', 'suggested')
    .where('is_gap', '=', 1)
    .where('created_at', '>=', now - SUGGESTION_WINDOW_MS)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (prev && (JSON.parse(prev.article_ids) as string[]).some((id) => articleIds.includes(id))) {
    await db.updateTable('kb_questions').set({ is_gap: 0 }).where('id', '=', prev.id).execute();
  }
}

export async function recordBotFeedback(
  db: Kysely<DB>,
  event: DomainEvent<'bot.feedback'>,
): Promise<void> {
  const p = event.payload;
  const q = await db
    .selectFrom('kb_questions')
    .select(['id', 'question', 'topic_id', 'is_gap'])
    .where('account_id', '=', event.accountId)
    .where('reply_message_id', '=', p.messageId)
    .executeTakeFirst();
  if (!q) return;
  const now = Number(event.createdAt);
  if (p.helpful) {
    await db.updateTable('kb_questions').set({ helpful: 1 }).where('id', '=', q.id).execute();
    return;
  }
  const topicId = q.is_gap
    ? q.topic_id
    : (q.topic_id ?? (await assignTopic(db, event.accountId, q.question, true, now)));
  await db
    .updateTable('kb_questions')
    .set({ helpful: 0, is_gap: 1, topic_id: topicId })
    .where('id', '=', q.id)
    .execute();
}

const chains = new Map<string, Promise<void>>();

/** Runs gap-loop work of one account one at a time in this process (topic creation must not race). */
export function serialized(accountId: string, fn: () => Promise<void>): Promise<void> {
  const prev = chains.get(accountId) ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(fn);
  const tail = next.catch(() => undefined);
  chains.set(accountId, tail);
  void tail.then(() => {
    if (chains.get(accountId) === tail) chains.delete(accountId);
  });
  return next;
}
