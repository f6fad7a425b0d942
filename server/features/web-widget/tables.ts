/** Tables owned by the widget feature (merged into DB in types.ts). */
export interface WidgetCsatTable {
  id: string;
  account_id: string;
  inbox_id: string;
  conversation_id: string;
  contact_id: string;
  message_id: string | null;
  rating: number;
  comment: string | null;
  /** The conversation's resolved_at when rated: one rating per resolution. */
  resolved_at: number;
  created_at: number;
}

export interface WidgetTables {
  widget_csat: WidgetCsatTable;
}

// Merged into the core's database type (declaration merging): the core names no feature.
declare module '../../core/db/types.ts' {
  interface DB extends WidgetTables {}
}
