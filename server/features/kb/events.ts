/** Domain events owned by the kb feature (merged into EventPayloads in catalog.ts). */
export interface KbArticleEvent {
  articleId: string;
  translationGroupId: string;
  locale: string;
  title: string;
  status: string;
  version: number;
}

export interface KbEvents {
  'kb.article_created': KbArticleEvent;
  'kb.article_updated': KbArticleEvent;
  'kb.article_published': KbArticleEvent;
  'kb.article_archived': KbArticleEvent;
  'kb.article_deleted': KbArticleEvent;
  'kb.article_restored': KbArticleEvent & { fromVersion: number };
  'kb.category_changed': { categoryId: string; deleted: boolean };
  'kb.imported': { format: string; created: number; updated: number };
  'kb.feedback_received': { articleId: string; helpful: boolean; comment: string | null };
  'kb.gap_drafted': { topicId: string; articleId: string };
}

export const KB_EVENT_TYPES = [
  'kb.article_created',
  'kb.article_updated',
  'kb.article_published',
  'kb.article_archived',
  'kb.article_deleted',
  'kb.article_restored',
  'kb.category_changed',
  'kb.imported',
  'kb.feedback_received',
  'kb.gap_drafted',
] as const;

// Merged into the core's catalogue (declaration merging): the core names no feature.
declare module '../../core/events/catalog.ts' {
  interface EventPayloads extends KbEvents {}
}
