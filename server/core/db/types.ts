/** Table types for Kysely. Timestamps are epoch milliseconds (UTC); JSON columns are text. */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Role = 'owner' | 'admin' | 'supervisor' | 'agent';
export type Availability = 'online' | 'away' | 'offline';
export type ConversationStatus = 'open' | 'pending' | 'snoozed' | 'resolved' | 'closed';
export type Priority = 'none' | 'low' | 'medium' | 'high' | 'urgent';
export type ConversationMode = 'bot' | 'human';
export type MessageType = 'incoming' | 'outgoing' | 'note' | 'activity';
export type SenderType = 'contact' | 'user' | 'bot' | 'system';
export type DeliveryStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface AccountsTable {
  id: string;
  name: string;
  slug: string;
  locale: string;
  settings: string;
  created_at: number;
  updated_at: number;
}
export interface UsersTable {
  id: string;
  account_id: string;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  locale: string;
  availability: Availability;
  avatar_url: string | null;
  preferences: string;
  password_changed_at: number;
  created_at: number;
  updated_at: number;
  disabled_at: number | null;
}
export interface SessionsTable {
  id: string;
  user_id: string;
  account_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  user_agent: string | null;
}
export interface ApiTokensTable {
  id: string;
  account_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  /** Space-separated scopes (policies/token-scopes.ts), migration 006. */
  scopes: Generated<string>;
  /** Null: never expires. */
  expires_at: number | null;
}
/** A user's TOTP enrolment (migration 006); secrets sealed with lib/secret-box.ts. */
export interface TwoFactorTable {
  user_id: string;
  account_id: string;
  secret: string | null;
  pending_secret: string | null;
  enabled_at: number | null;
  last_step: number | null;
  updated_at: number;
}
export interface TwoFactorRecoveryCodesTable {
  id: string;
  user_id: string;
  account_id: string;
  code_hash: string;
  created_at: number;
  used_at: number | null;
}
export interface InboxesTable {
  id: string;
  account_id: string;
  name: string;
  channel_type: string;
  public_token: string;
  hmac_secret: string;
  settings: string;
  created_at: number;
  updated_at: number;
}
export interface InboxMembersTable {
  inbox_id: string;
  user_id: string;
  account_id: string;
}
export interface TeamsTable {
  id: string;
  account_id: string;
  name: string;
  description: string;
  created_at: number;
}
export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  account_id: string;
}
export interface LabelsTable {
  id: string;
  account_id: string;
  name: string;
  color: string;
  created_at: number;
}
export interface CannedResponsesTable {
  id: string;
  account_id: string;
  short_code: string;
  content: string;
  created_at: number;
  updated_at: number;
}
export interface ContactsTable {
  id: string;
  account_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  attributes: string;
  merged_into_id: string | null;
  created_at: number;
  updated_at: number;
  last_seen_at: number | null;
}
export interface ContactIdentitiesTable {
  id: string;
  account_id: string;
  contact_id: string;
  kind: string;
  value: string;
  created_at: number;
}
export interface ConversationsTable {
  id: string;
  account_id: string;
  inbox_id: string;
  contact_id: string;
  display_id: number;
  status: ConversationStatus;
  snoozed_until: number | null;
  priority: Priority;
  assignee_id: string | null;
  team_id: string | null;
  mode: ConversationMode;
  last_seq: number;
  last_message_id: string | null;
  last_message_at: number | null;
  last_incoming_at: number | null;
  waiting_since: number | null;
  contact_last_read_seq: number;
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
  /** JSON object (migration 061): e.g. `{context}` = the page a widget chat was opened from. */
  custom_attributes: Generated<string>;
}
export interface ConversationLabelsTable {
  conversation_id: string;
  label_id: string;
  account_id: string;
}
export interface ConversationReadsTable {
  conversation_id: string;
  user_id: string;
  account_id: string;
  last_read_seq: number;
  updated_at: number;
}
export interface MessagesTable {
  id: string;
  account_id: string;
  conversation_id: string;
  seq: number;
  message_type: MessageType;
  sender_type: SenderType;
  sender_id: string | null;
  content: string;
  content_attributes: string;
  client_message_id: string | null;
  idempotency_key: string | null;
  external_id: string | null;
  status: DeliveryStatus;
  created_at: number;
}
export interface AttachmentsTable {
  id: string;
  account_id: string;
  message_id: string | null;
  uploader_type: SenderType;
  uploader_id: string;
  file_name: string;
  content_type: string;
  size: number;
  storage_key: string;
  created_at: number;
}
export interface EventsTable {
  id: Generated<number>;
  account_id: string;
  type: string;
  conversation_id: string | null;
  payload: string;
  created_at: number;
  dispatched_at: number | null;
  claimed_until: number | null;
}
/** A processor that kept failing for an event (dead-letter list, retried by admins). */
export interface DeadJobsTable {
  id: string;
  account_id: string;
  processor: string;
  event_id: number;
  event_type: string;
  error: string;
  attempts: number;
  first_failed_at: number;
  failed_at: number;
}
export interface AccountCountersTable {
  account_id: string;
  name: string;
  value: number;
}

/** The core's tables; each feature merges its own in from its `tables.ts` (declaration merging). */
export interface DB {
  accounts: AccountsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  inboxes: InboxesTable;
  inbox_members: InboxMembersTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  labels: LabelsTable;
  canned_responses: CannedResponsesTable;
  contacts: ContactsTable;
  contact_identities: ContactIdentitiesTable;
  conversations: ConversationsTable;
  conversation_labels: ConversationLabelsTable;
  conversation_reads: ConversationReadsTable;
  messages: MessagesTable;
  attachments: AttachmentsTable;
  events: EventsTable;
  account_counters: AccountCountersTable;
  dead_jobs: DeadJobsTable;
  two_factor: TwoFactorTable;
  two_factor_recovery_codes: TwoFactorRecoveryCodesTable;
}

export type Account = Selectable<AccountsTable>;
export type User = Selectable<UsersTable>;
export type Inbox = Selectable<InboxesTable>;
export type Contact = Selectable<ContactsTable>;
export type Conversation = Selectable<ConversationsTable>;
export type Message = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
export type ConversationUpdate = Updateable<ConversationsTable>;
export type Attachment = Selectable<AttachmentsTable>;
export type Team = Selectable<TeamsTable>;
export type Label = Selectable<LabelsTable>;
export type CannedResponse = Selectable<CannedResponsesTable>;
export type EventRow = Selectable<EventsTable>;
