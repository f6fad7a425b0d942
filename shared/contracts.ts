/**
 * Contracts the server's features and both clients agree on (message kinds the widget and console
 * render, queue status, inbox availability, the widget snippet, CSAT attributes, the assist panel).
 * Server-only contracts (the knowledge source the bot reads) stay in server/core/kit/contracts.ts,
 * which re-exports these. Isomorphic: no node:, no database, no HTTP, no zod (the clients import
 * values from here, e.g. widgetSnippet).
 */

/**
 * content_attributes.kind of messages that features create, so the widget and console can render them:
 * - 'bot_answer'      { kind, articleIds: string[], confidence: number, sources?: BotSource[] } — the bot answered
 * - 'bot_suggestions' { kind, suggestions: Array<{ articleId: string; title: string }> } — "did you mean"
 * - 'bot_offer_human' { kind, reason: 'no_match' | 'out_of_scope' }          — nothing relevant: "shall I get a person?"
 *                                                                              (the widget shows yes / no quick replies)
 * - 'bot_text'        { kind }                                                 — any other bot line (e.g. after "no" to a person)
 * - 'handover'        { kind, reason }                                         — handed to a human (request-human.ts)
 * - 'auto_reply'      { kind, rule?: string }                                  — out-of-hours / rule reply
 * - 'csat_request'    { kind }                                                 — rating offered after resolve
 * Any outgoing message with senderType 'bot' is "an automated reply": the widget then shows "talk to a human".
 */
export const MESSAGE_KINDS = [
  'bot_answer',
  'bot_suggestions',
  'bot_offer_human',
  'bot_text',
  'handover',
  'auto_reply',
  'csat_request',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** An article a bot answer is built on: its title, and its help-center page when published there. */
export interface BotSource {
  articleId: string;
  title: string;
  url?: string;
}

/** Visitor socket event `queue` and GET /widget/v1/queue (routing feature): live position in the human queue. */
export interface QueueStatus {
  conversationId: string;
  position: number | null; // 1-based; null when not queued (assigned or bot mode)
  estimatedWaitSeconds: number | null;
  /** Overflow rule fired: offer to leave a message / get an email reply. */
  overflow: 'leave_message' | null;
}

/** Whether a human can answer now (widget offline form when false). Routing adds business hours. */
export interface InboxAvailability {
  online: boolean;
  reason: 'agents_online' | 'no_agents_online' | 'out_of_hours';
  /** Epoch milliseconds of the next opening, when known. */
  nextOpenAt: number | null;
}

/** The one-line snippet an admin pastes into a website (shown in the inbox settings with a copy button). */
export function widgetSnippet(origin: string, inboxToken: string): string {
  return `<script async src="${origin}/widget.js" data-kefu-inbox="${inboxToken}"></script>`;
}

/**
 * Customer satisfaction: the widget feature stores a rating and also appends an `activity` message
 * with content_attributes `{ kind: 'csat', rating: 1..5, comment: string | null }`, so agents see it in
 * the conversation stream; event `csat.received` (web-widget/events.ts) carries it to reports/automation.
 */
export interface CsatAttributes {
  kind: 'csat';
  rating: number;
  comment: string | null;
}

/**
 * GET /api/v1/conversations/:id/assist (AI feature) — what the console shows beside a conversation.
 * 404 until the AI feature is present; the console must cope with that.
 */
export interface AssistResponse {
  emotion: { label: string; intensity: number; trend: string } | null;
  sentiment: { label: string; score: number } | null;
  intent: { label: string; confidence: number } | null;
  humanRequested: boolean;
  /**
   * `text`: the summary as one text. `parts` (the offline summary): the problem, what was tried,
   * where it stands and the next step, each in the agent's language (the console labels them).
   */
  summary: {
    text: string;
    source: 'extractive' | 'llm';
    parts?: { problem: string; tried: string; status: string; next: string };
  } | null;
  suggestions: Array<{ text: string; source: 'empathy' | 'kb' | 'llm'; articleId?: string }>;
}
