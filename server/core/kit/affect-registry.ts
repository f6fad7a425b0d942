/**
 * What the customer's messages said so far (emotion, language, intent), for features that rank
 * conversations: the AI feature registers its reader at load time, routing asks when a conversation
 * enters the queue (analyses that arrived while the bot owned the conversation count too).
 */
import type { Executor } from '../db/client.ts';

export interface ConversationAffect {
  /** 0–100: how angry the customer's recent messages were (the strongest angry one). */
  anger: number;
  /** The latest analysed message's emotion (neutral, angry, happy, sad, fear, surprise). */
  emotion: string | null;
  language: string | null;
  intent: string | null;
}

export type AffectSource = (
  db: Executor,
  accountId: string,
  conversationId: string,
) => Promise<ConversationAffect | null>;

let source: AffectSource | null = null;

export function setAffectSource(s: AffectSource | null): void {
  source = s;
}

/** The conversation's affect so far, or null when nothing was analysed (or no feature knows). */
export function conversationAffect(
  db: Executor,
  accountId: string,
  conversationId: string,
): Promise<ConversationAffect | null> {
  return source ? source(db, accountId, conversationId) : Promise.resolve(null);
}
