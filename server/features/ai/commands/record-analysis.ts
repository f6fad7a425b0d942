/**
 * Persisting analyses: `recordAnalysis` stores one message's analysis (once: keyed by message id),
 * recomputes the conversation's affect row (latest emotion, trend over recent messages) and records
 * `message.analyzed` in the same transaction, so it reaches the console through the outbox.
 */
import type { MessageAnalyzedPayload } from '../events.ts';
import type { Command } from '../../../core/commands/context.ts';
import { type Insertable, sql } from 'kysely';
import type { Executor } from '../../../core/db/client.ts';
import { prepared } from '../../../core/db/prepared.ts';
import type { ConversationAiTable, MessageAnalysesTable } from '../tables.ts';
import type { MessageAnalysis } from '../../../nlp/index.ts';
import { emotionTrajectory, type TrajectoryResult } from '../../../nlp/index.ts';
import { type AnalysisRow, recentAnalyses } from '../store/analyses.ts';

export interface RecordAnalysisInput {
  messageId: string;
  conversationId: string;
  contactId: string;
  inboxId: string;
  seq: number;
  analysis: MessageAnalysis;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

function trajectoryOf(newestFirst: AnalysisRow[]): TrajectoryResult {
  const points = [...newestFirst].reverse().map((r) => ({
    emotion: {
      label: r.emotion_label,
      scores: JSON.parse(r.emotion_scores) as Record<string, number>,
    },
    sentiment: { score: Number(r.sentiment_score) },
  }));
  return emotionTrajectory(points);
}

export const recordAnalysis: Command<RecordAnalysisInput, MessageAnalyzedPayload | null> = async (
  ctx,
  input,
) => {
  const a = input.analysis;
  const piiTypes = [...new Set(a.pii.map((p) => p.type))];
  // Stored once per message: a redelivered event inserts nothing and records nothing.
  const inserted = await insertAnalysis.run(ctx.tx, {
    message_id: input.messageId,
    account_id: ctx.accountId,
    conversation_id: input.conversationId,
    seq: input.seq,
    language: a.language,
    sentiment_label: a.sentiment.label,
    sentiment_score: r3(a.sentiment.score),
    emotion_label: a.emotion.label,
    emotion_intensity: r3(a.emotion.intensity),
    emotion_scores: JSON.stringify(a.emotion.scores ?? {}),
    intent_label: a.intent?.label ?? null,
    intent_confidence: a.intent ? r3(a.intent.confidence) : null,
    human_request: a.humanRequest.detected ? 1 : 0,
    pii_types: JSON.stringify(piiTypes),
    created_at: ctx.now,
  });
  if (!inserted) return null;
  const recent = await recentAnalyses(ctx.tx, ctx.accountId, input.conversationId);
  const trajectory = trajectoryOf(recent);
  await upsertConversationAffect(
    ctx.tx,
    ctx.accountId,
    input,
    recent[0],
    a.humanRequest.detected,
    trajectory,
    ctx.now,
  );
  const payload: MessageAnalyzedPayload = {
    messageId: input.messageId,
    conversationId: input.conversationId,
    contactId: input.contactId,
    inboxId: input.inboxId,
    language: a.language,
    sentiment: { label: a.sentiment.label, score: r3(a.sentiment.score) },
    emotion: { label: a.emotion.label, intensity: r3(a.emotion.intensity) },
    trend: trajectory.trend,
    anger: trajectory.anger,
    intent: a.intent,
    humanRequest: a.humanRequest.detected,
    piiTypes,
  };
  await ctx.events.record('message.analyzed', payload, input.conversationId);
  return payload;
};

/**
 * The conversation row follows the newest analysed message (by seq), whatever order analyses finish
 * in; `human_requested` is sticky: once a customer asked for a human it stays set.
 */
async function upsertConversationAffect(
  tx: Executor,
  accountId: string,
  input: RecordAnalysisInput,
  latest: AnalysisRow,
  humanRequest: boolean,
  t: TrajectoryResult,
  now: number,
) {
  await upsertAffect.run(tx, {
    conversation_id: input.conversationId,
    account_id: accountId,
    last_message_id: latest.message_id,
    language: latest.language,
    emotion_label: latest.emotion_label,
    emotion_intensity: Number(latest.emotion_intensity),
    trend: t.trend,
    anger: t.anger,
    sentiment_label: latest.sentiment_label,
    sentiment_score: Number(latest.sentiment_score),
    intent_label: latest.intent_label,
    intent_confidence: latest.intent_confidence === null ? null : Number(latest.intent_confidence),
    human_requested: humanRequest ? 1 : 0,
    updated_at: now,
  });
}

type AnalysisInsert = Insertable<MessageAnalysesTable> & Record<string, unknown>;
const insertAnalysis = prepared((db, p: AnalysisInsert) =>
  db
    .insertInto('message_analyses')
    .values(p)
    .onConflict((oc) => oc.column('message_id').doNothing()),
);

type AffectRow = Insertable<ConversationAiTable> & Record<string, unknown>;
/** Every column follows the new row except `human_requested`, which only ever turns on. */
const upsertAffect = prepared((db, p: AffectRow) =>
  db
    .insertInto('conversation_ai')
    .values(p)
    .onConflict((oc) =>
      oc.column('conversation_id').doUpdateSet((eb) => ({
        account_id: eb.ref('excluded.account_id'),
        last_message_id: eb.ref('excluded.last_message_id'),
        language: eb.ref('excluded.language'),
        emotion_label: eb.ref('excluded.emotion_label'),
        emotion_intensity: eb.ref('excluded.emotion_intensity'),
        trend: eb.ref('excluded.trend'),
        anger: eb.ref('excluded.anger'),
        sentiment_label: eb.ref('excluded.sentiment_label'),
        sentiment_score: eb.ref('excluded.sentiment_score'),
        intent_label: eb.ref('excluded.intent_label'),
        intent_confidence: eb.ref('excluded.intent_confidence'),
        updated_at: eb.ref('excluded.updated_at'),
        human_requested: sql<number>`case when excluded.human_requested = 1 then 1 else conversation_ai.human_requested end`,
      })),
    ),
);
