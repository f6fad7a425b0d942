/**
 * The AI feature's answer to "how did this customer sound so far" (core/kit/affect-registry.ts):
 * the strongest anger among the last few analysed messages, and the latest language (of a
 * message that has one) and intent.
 */
import type { AffectSource } from '../../../core/kit/affect-registry.ts';
import { prepared } from '../../../core/db/prepared.ts';

/** Analysed customer messages that count: an outburst five messages ago still says "handle with care". */
const RECENT = 5;

const recentEmotions = prepared((db, p: { accountId: string; conversationId: string }) =>
  db
    .selectFrom('message_analyses')
    .select(['emotion_label', 'emotion_intensity', 'language', 'intent_label'])
    .where('account_id', '=', p.accountId)
    .where('conversation_id', '=', p.conversationId)
    .orderBy('seq', 'desc')
    .limit(RECENT),
);

export const aiAffect: AffectSource = async (db, accountId, conversationId) => {
  const rows = await recentEmotions.all(db, { accountId, conversationId });
  if (!rows.length) return null;
  const anger = Math.max(
    0,
    ...rows.map((r) =>
      r.emotion_label === 'angry' ? Math.round(Number(r.emotion_intensity) * 100) : 0,
    ),
  );
  const latest = rows[0];
  return {
    anger,
    emotion: latest.emotion_label,
    // the latest message that has a language of its own ("??" or an emoji has none)
    language: rows.find((r) => r.language === 'zh' || r.language === 'en')?.language ?? null,
    intent: rows.find((r) => r.intent_label)?.intent_label ?? null,
  };
};
