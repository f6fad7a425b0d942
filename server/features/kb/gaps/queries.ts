/** Gap topics for admins: ranking by volume and trend, examples, agents' replies, before/after effect. */
import type { Kysely } from 'kysely';
import type { DB } from '../../../core/db/types.ts';
import { notFound } from '../../../core/errors.ts';

const DAY = 86_400_000;

export interface GapSummary {
  id: string;
  label: string;
  status: string;
  articleId: string | null;
  articlePublishedAt: string | null;
  volume: number;
  last7: number;
  previous7: number;
  trend: number;
  lastAskedAt: string | null;
}

/** Open/drafted topics ranked by gap volume (30 days) plus growth (last 7 days vs the 7 before). */
export async function listGaps(
  db: Kysely<DB>,
  accountId: string,
  now: number,
  status: 'open' | 'resolved' | 'dismissed' | 'all' = 'open',
): Promise<GapSummary[]> {
  let q = db.selectFrom('kb_gap_topics').selectAll().where('account_id', '=', accountId);
  if (status === 'open') q = q.where('status', 'in', ['open', 'drafted']);
  else if (status !== 'all') q = q.where('status', '=', status);
  const topics = await q.orderBy('updated_at', 'desc').limit(500).execute();
  if (!topics.length) return [];
  const rows = await db
    .selectFrom('kb_questions')
    .select(['topic_id', 'created_at'])
    .where('account_id', '=', accountId)
    .where('is_gap', '=', 1)
    .where('created_at', '>=', now - 30 * DAY)
    .where(
      'topic_id',
      'in',
      topics.map((t) => t.id),
    )
    .execute();
  const stats = new Map<
    string,
    { volume: number; last7: number; previous7: number; last: number }
  >();
  for (const r of rows) {
    const s = stats.get(r.topic_id!) ?? { volume: 0, last7: 0, previous7: 0, last: 0 };
    const at = Number(r.created_at);
    s.volume++;
    if (at >= now - 7 * DAY) s.last7++;
    else if (at >= now - 14 * DAY) s.previous7++;
    s.last = Math.max(s.last, at);
    stats.set(r.topic_id!, s);
  }
  return topics
    .map((t) => {
      const s = stats.get(t.id) ?? { volume: 0, last7: 0, previous7: 0, last: 0 };
      return {
        id: t.id,
        label: t.label,
        status: t.status,
        articleId: t.article_id,
        articlePublishedAt: t.article_published_at
          ? new Date(Number(t.article_published_at)).toISOString()
          : null,
        volume: s.volume,
        last7: s.last7,
        previous7: s.previous7,
        trend: s.previous7 ? (s.last7 - s.previous7) / s.previous7 : s.last7 ? 1 : 0,
        lastAskedAt: s.last ? new Date(s.last).toISOString() : null,
      };
    })
    .filter((g) => g.volume > 0 || status !== 'open')
    .sort(
      (a, b) =>
        b.volume +
          Math.max(0, b.last7 - b.previous7) -
          (a.volume + Math.max(0, a.last7 - a.previous7)) || b.last7 - a.last7,
    );
}

export interface AgentReply {
  conversationId: string;
  text: string;
  agentName: string | null;
  rating: number | null;
  at: string;
}

/** The first reply a person sent after each question, best CSAT rating first. */
async function agentReplies(
  db: Kysely<DB>,
  accountId: string,
  questions: Array<{ conversation_id: string; created_at: number }>,
): Promise<AgentReply[]> {
  const out: AgentReply[] = [];
  const seen = new Set<string>();
  for (const q of questions) {
    if (seen.has(q.conversation_id) || out.length >= 20) continue;
    seen.add(q.conversation_id);
    const m = await db
      .selectFrom('messages')
      .leftJoin('users', 'users.id', 'messages.sender_id')
      .select(['messages.content', 'messages.created_at', 'users.name'])
      .where('messages.account_id', '=', accountId)
      .where('messages.conversation_id', '=', q.conversation_id)
      .where('messages.message_type', '=', 'outgoing')
      .where('messages.sender_type', '=', 'user')
      .where('messages.created_at', '>=', Number(q.created_at))
      .orderBy('messages.seq')
      .limit(1)
      .executeTakeFirst();
    if (!m || !m.content.trim()) continue;
    const csat = await db
      .selectFrom('messages')
      .select('content_attributes')
      .where('account_id', '=', accountId)
      .where('conversation_id', '=', q.conversation_id)
      .where('message_type', '=', 'activity')
      .where('content_attributes', 'like', '%"csat"%')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    let rating: number | null = null;
    try {
      const a = csat ? JSON.parse(csat.content_attributes) : null;
      if (a?.kind === 'csat' && typeof a.rating === 'number') rating = a.rating;
    } catch {
      /* ignore */
    }
    out.push({
      conversationId: q.conversation_id,
      text: m.content,
      agentName: m.name ?? null,
      rating,
      at: new Date(Number(m.created_at)).toISOString(),
    });
  }
  return out.sort((a, b) => (b.rating ?? 0) - (a.rating ?? 0));
}

export interface Effect {
  questions: number;
  answered: number;
  answerRate: number | null;
  rated: number;
  helpful: number;
  helpfulness: number | null;
}

function effectOf(
  rows: Array<{ outcome: string; is_gap: number; helpful: number | null }>,
): Effect {
  const answered = rows.filter((r) => r.outcome === 'answered').length;
  const rated = rows.filter((r) => r.helpful !== null);
  const helpful = rated.filter((r) => r.helpful === 1).length;
  return {
    questions: rows.length,
    answered,
    answerRate: rows.length ? answered / rows.length : null,
    rated: rated.length,
    helpful,
    helpfulness: rated.length ? helpful / rated.length : null,
  };
}

export async function gapDetail(db: Kysely<DB>, accountId: string, topicId: string, now: number) {
  const t = await db
    .selectFrom('kb_gap_topics')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', topicId)
    .executeTakeFirst();
  if (!t) throw notFound('gap');
  const questions = await db
    .selectFrom('kb_questions')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('topic_id', '=', t.id)
    .orderBy('created_at', 'desc')
    .limit(2_000)
    .execute();
  const gaps = questions.filter((q) => q.is_gap === 1);
  const examples = gaps.slice(0, 15).map((q) => ({
    question: q.question,
    outcome: q.helpful === 0 ? 'unhelpful' : q.outcome,
    conversationId: q.conversation_id,
    at: new Date(Number(q.created_at)).toISOString(),
  }));
  let effect: { before: Effect; after: Effect; since: string } | null = null;
  if (t.article_published_at) {
    const at = Number(t.article_published_at);
    const span = Math.max(DAY, now - at);
    effect = {
      since: new Date(at).toISOString(),
      before: effectOf(
        questions.filter((q) => Number(q.created_at) < at && Number(q.created_at) >= at - span),
      ),
      after: effectOf(questions.filter((q) => Number(q.created_at) >= at)),
    };
  }
  return {
    id: t.id,
    label: t.label,
    status: t.status,
    articleId: t.article_id,
    volume: gaps.length,
    examples,
    agentReplies: await agentReplies(db, accountId, gaps),
    effect,
  };
}
