/**
 * Contracts shared between features (so the widget, console, AI, knowledge base and routing agree
 * without importing each other's internals). Keep this file small; each feature implements its side.
 * Server-only ones live here; what the clients also read lives in shared/contracts.ts (re-exported below).
 */

/** One knowledge-base entry as the bot and retrieval see it (the KB feature owns the articles). */
export interface KnowledgeEntry {
  id: string; // article id
  title: string; // main question / title
  similarQuestions: string[];
  keywords: string[];
  answer: string; // short answer the bot sends (plain text / safe Markdown)
  locale: string; // 'zh-CN' | 'en' | …
  url?: string; // public help-center URL, when published there
}

/** Implemented by the KB feature (server/kb/source.ts); the AI bot reads through it. */
export interface KnowledgeSource {
  /** Published entries visible in the inbox (all inboxes when inboxId is omitted). */
  entries(accountId: string, opts?: { inboxId?: string }): Promise<KnowledgeEntry[]>;
  /** Changes whenever the account's published entries change (cache key for the bot's index). */
  version(accountId: string): Promise<string>;
}

/**
 * The client-facing contracts (message kinds, queue status, inbox availability, the widget snippet,
 * CSAT attributes, the assist response) are declared once in shared/contracts.ts, which the console
 * and widget import too; re-exported here so features keep importing their contracts from the kit.
 */
export { MESSAGE_KINDS, widgetSnippet } from '../../../shared/contracts.ts';
export type {
  AssistResponse,
  BotSource,
  CsatAttributes,
  InboxAvailability,
  MessageKind,
  QueueStatus,
} from '../../../shared/contracts.ts';
