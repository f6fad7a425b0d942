/** Tables owned by the ai feature (merged into DB in types.ts). See migrations/020-ai.ts. */
export interface MessageAnalysesTable {
  message_id: string;
  account_id: string;
  conversation_id: string;
  seq: number;
  language: string;
  sentiment_label: string;
  sentiment_score: number;
  emotion_label: string;
  emotion_intensity: number;
  /** JSON Record<emotion, probability>. */
  emotion_scores: string;
  intent_label: string | null;
  intent_confidence: number | null;
  human_request: number;
  /** JSON string[] of PII types found (never the values). */
  pii_types: string;
  created_at: number;
}
export interface ConversationAiTable {
  conversation_id: string;
  account_id: string;
  last_message_id: string;
  language: string;
  emotion_label: string;
  emotion_intensity: number;
  trend: string;
  anger: number;
  sentiment_label: string;
  sentiment_score: number;
  intent_label: string | null;
  intent_confidence: number | null;
  human_requested: number;
  updated_at: number;
}
export interface BotTurnsTable {
  id: string;
  account_id: string;
  conversation_id: string;
  question_message_id: string;
  reply_message_id: string | null;
  action: string;
  reason: string;
  outcome: string;
  article_ids: string;
  confidence: number;
  /** JSON: retrieved candidates with scores (why the bot said what it said). */
  candidates: string;
  source: string;
  resolved: number | null;
  created_at: number;
}
export interface BotFeedbackTable {
  message_id: string;
  account_id: string;
  conversation_id: string;
  contact_id: string;
  helpful: number;
  comment: string | null;
  created_at: number;
}
export interface AiProvidersTable {
  account_id: string;
  base_url: string;
  model: string;
  embedding_model: string | null;
  /** AES-256-GCM ciphertext (iv.tag.data, base64url); never returned by any route. */
  api_key_enc: string | null;
  timeout_ms: number;
  budget_requests_per_day: number;
  budget_tokens_per_day: number;
  usage_day: string;
  used_requests: number;
  used_tokens: number;
  created_at: number;
  updated_at: number;
}

export interface AiTables {
  message_analyses: MessageAnalysesTable;
  conversation_ai: ConversationAiTable;
  bot_turns: BotTurnsTable;
  bot_feedback: BotFeedbackTable;
  ai_providers: AiProvidersTable;
}

// Merged into the core's database type (declaration merging): the core names no feature.
declare module '../../core/db/types.ts' {
  interface DB extends AiTables {}
}
