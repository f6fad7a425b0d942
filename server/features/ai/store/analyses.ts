/** Reads of stored message analyses (table `message_analyses`). */
import type { Executor } from '../../../core/db/client.ts';
import { prepared } from '../../../core/db/prepared.ts';
import type { MessageAnalysesTable } from '../tables.ts';

/** How many recent analysed messages make a conversation's emotion trajectory. */
const TRAJECTORY_WINDOW = 8;

export type AnalysisRow = Pick<
  MessageAnalysesTable,
  | 'message_id'
  | 'language'
  | 'emotion_label'
  | 'emotion_intensity'
  | 'emotion_scores'
  | 'sentiment_label'
  | 'sentiment_score'
  | 'intent_label'
  | 'intent_confidence'
>;

/** The conversation's most recent analysed customer messages, newest first. */
const recentQuery = prepared((db, p: { accountId: string; conversationId: string }) =>
  db
    .selectFrom('message_analyses')
    .select([
      'message_id',
      'language',
      'emotion_label',
      'emotion_intensity',
      'emotion_scores',
      'sentiment_label',
      'sentiment_score',
      'intent_label',
      'intent_confidence',
    ])
    .where('account_id', '=', p.accountId)
    .where('conversation_id', '=', p.conversationId)
    .orderBy('seq', 'desc')
    .limit(TRAJECTORY_WINDOW),
);

export async function recentAnalyses(
  tx: Executor,
  accountId: string,
  conversationId: string,
): Promise<AnalysisRow[]> {
  return recentQuery.all(tx, { accountId, conversationId });
}
