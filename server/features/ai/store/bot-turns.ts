/** Reads of the bot's turns (table `bot_turns`). */
import { loadConversation } from '../../../core/commands/lib/conversations.ts';
import type { Executor } from '../../../core/db/client.ts';
import { prepared } from '../../../core/db/prepared.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import type { TriedTurn } from '../domain/bot-plan.ts';

/** Why the bot said what it said: every decision with its retrieved candidates and scores. */
export async function botTurnsOf(db: Executor, accountId: string, conversationId: string) {
  const conv = await loadConversation(db, accountId, conversationId);
  const rows = await db
    .selectFrom('bot_turns')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('conversation_id', '=', conv.id)
    .orderBy('created_at')
    .orderBy('id')
    .limit(200)
    .execute();
  return {
    data: rows.map((t) => ({
      id: t.id,
      questionMessageId: t.question_message_id,
      replyMessageId: t.reply_message_id,
      action: t.action,
      reason: t.reason,
      outcome: t.outcome,
      source: t.source,
      articleIds: JSON.parse(t.article_ids) as string[],
      confidence: Number(t.confidence),
      candidates: JSON.parse(t.candidates) as unknown[],
      helpful: t.resolved === null ? null : t.resolved === 1,
      createdAt: new Date(Number(t.created_at)).toISOString(),
    })),
  };
}

/** Whether the question already had its turn (the turn row is unique on the question). */
export async function turnExists(db: Executor, messageId: string): Promise<boolean> {
  return !!(await db
    .selectFrom('bot_turns')
    .select('id')
    .where('question_message_id', '=', messageId)
    .executeTakeFirst());
}

/** The conversation's mode with its inbox and the inbox settings (the bot's settings live there). */
export const conversationBotState = prepared((db, p: { accountId: string; id: string }) =>
  db
    .selectFrom('conversations')
    .innerJoin('inboxes', 'inboxes.id', 'conversations.inbox_id')
    .select(['conversations.mode', 'conversations.inbox_id', 'inboxes.settings'])
    .where('conversations.account_id', '=', p.accountId)
    .where('conversations.id', '=', p.id),
);

/** The bot's earlier turns in a conversation, oldest first (the policy's turn history). */
export async function earlierTurns(db: Executor, accountId: string, conversationId: string) {
  return db
    .selectFrom('bot_turns')
    .select(['action', 'resolved', 'reply_message_id'])
    .where('account_id', '=', accountId)
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .execute();
}

/** The attributes of a bot reply (its "did you mean" suggestions). */
export async function replyAttributes(db: Executor, accountId: string, messageId: string) {
  return db
    .selectFrom('messages')
    .select('content_attributes')
    .where('account_id', '=', accountId)
    .where('id', '=', messageId)
    .executeTakeFirst();
}

/**
 * What the bot tried so far in a conversation, for the handover note: each turn with the titles of
 * the articles it answered with or suggested, from its reply's attributes (never article ids: a
 * reply without titles is told without them).
 */
export async function triedSoFar(
  db: Executor,
  accountId: string,
  conversationId: string,
): Promise<TriedTurn[]> {
  const turns = await db
    .selectFrom('bot_turns')
    .leftJoin('messages', 'messages.id', 'bot_turns.reply_message_id')
    .select(['bot_turns.action', 'bot_turns.outcome', 'messages.content_attributes'])
    .where('bot_turns.account_id', '=', accountId)
    .where('bot_turns.conversation_id', '=', conversationId)
    .orderBy('bot_turns.created_at')
    .execute();
  return turns.map((t) => {
    const a = parseJson<{
      sources?: Array<{ title?: unknown }>;
      suggestions?: Array<{ title?: unknown }>;
    }>(t.content_attributes, {});
    const titles = (a.sources ?? a.suggestions ?? [])
      .map((x) => (typeof x?.title === 'string' ? x.title : ''))
      .filter(Boolean);
    return {
      action: t.action,
      outcome: t.outcome,
      titles,
    };
  });
}

/** The questions the bot had so far in a conversation, for the handover note. */
export async function askedSoFar(
  db: Executor,
  accountId: string,
  conversationId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('bot_turns')
    .innerJoin('messages', 'messages.id', 'bot_turns.question_message_id')
    .select('messages.content')
    .where('bot_turns.account_id', '=', accountId)
    .where('bot_turns.conversation_id', '=', conversationId)
    .where('bot_turns.action', '!=', 'decline') // "no" to the offered person is no question
    .orderBy('bot_turns.created_at')
    .execute();
  return rows.map((r) => r.content);
}
