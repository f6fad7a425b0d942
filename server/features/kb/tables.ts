/** Tables owned by the kb feature (merged into DB in types.ts). JSON columns are text. */
export type ArticleStatus = 'draft' | 'published' | 'archived';

export interface KbCategoriesTable {
  id: string;
  account_id: string;
  parent_id: string | null;
  names: string;
  descriptions: string;
  position: number;
  created_at: number;
  updated_at: number;
}
export interface KbArticlesTable {
  id: string;
  account_id: string;
  translation_group_id: string;
  locale: string;
  title: string;
  answer: string;
  body: string;
  similar_questions: string;
  keywords: string;
  tags: string;
  category_id: string | null;
  status: ArticleStatus;
  inbox_ids: string | null;
  owner_id: string | null;
  review_by: number | null;
  version: number;
  popularity: number;
  helpful_count: number;
  unhelpful_count: number;
  published_at: number | null;
  created_at: number;
  updated_at: number;
}
export interface KbArticleVersionsTable {
  id: string;
  account_id: string;
  article_id: string;
  version: number;
  snapshot: string;
  action: string;
  author_id: string | null;
  author_name: string | null;
  created_at: number;
}
export interface KbFeedbackTable {
  id: string;
  account_id: string;
  article_id: string;
  helpful: number;
  comment: string | null;
  created_at: number;
}
export interface KbGapTopicsTable {
  id: string;
  account_id: string;
  label: string;
  centroid: string;
  status: 'open' | 'drafted' | 'resolved' | 'dismissed';
  article_id: string | null;
  article_published_at: number | null;
  created_at: number;
  updated_at: number;
}
export interface KbQuestionsTable {
  id: string;
  account_id: string;
  event_key: string;
  conversation_id: string;
  question_message_id: string | null;
  reply_message_id: string | null;
  question: string;
  outcome: string;
  article_ids: string;
  is_gap: number;
  helpful: number | null;
  topic_id: string | null;
  created_at: number;
}

export interface KbFilesTable {
  id: string;
  account_id: string;
  storage_key: string;
  content_type: string;
  file_name: string;
  size: number;
  uploader_id: string | null;
  created_at: number;
}

export interface KbTables {
  kb_files: KbFilesTable;
  kb_categories: KbCategoriesTable;
  kb_articles: KbArticlesTable;
  kb_article_versions: KbArticleVersionsTable;
  kb_feedback: KbFeedbackTable;
  kb_gap_topics: KbGapTopicsTable;
  kb_questions: KbQuestionsTable;
}

// Merged into the core's database type (declaration merging): the core names no feature.
declare module '../../core/db/types.ts' {
  interface DB extends KbTables {}
}
