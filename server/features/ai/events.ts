/** Domain events owned by the AI feature (merged into EventPayloads in catalog.ts). */

export interface MessageAnalyzedPayload {
  messageId: string;
  conversationId: string;
  contactId: string;
  inboxId: string;
  language: 'zh' | 'en' | 'other';
  sentiment: { label: 'negative' | 'neutral' | 'positive'; score: number };
  emotion: {
    label: 'neutral' | 'angry' | 'happy' | 'sad' | 'fear' | 'surprise';
    intensity: number;
  };
  /** Conversation-level: 'rising_anger' | 'calming' | 'stable' … (see server/ai/emotion/trajectory.ts). */
  trend: string;
  /** Conversation-level anger 0..1 after this message (absent in events recorded before it was added). */
  anger?: number;
  intent: { label: string; confidence: number } | null;
  humanRequest: boolean;
  piiTypes: string[];
}

export interface BotRepliedPayload {
  conversationId: string;
  /** The customer message the bot reacted to, and its text (PII-redacted). */
  questionMessageId: string;
  question: string;
  /** The bot's reply message, when it sent one. */
  replyMessageId: string | null;
  outcome: 'answered' | 'suggested' | 'handover' | 'no_answer';
  articleIds: string[];
  confidence: number;
}

export interface BotFeedbackPayload {
  conversationId: string;
  messageId: string;
  helpful: boolean;
  comment?: string;
}

export interface AiEvents {
  'message.analyzed': MessageAnalyzedPayload;
  'bot.replied': BotRepliedPayload;
  'bot.feedback': BotFeedbackPayload;
}

// Merged into the core's catalogue (declaration merging): the core names no feature.
declare module '../../core/events/catalog.ts' {
  interface EventPayloads extends AiEvents {}
}
