/**
 * The presenters' output is the shared/dto.ts shapes: at compile time (return types, and the list row
 * below), and at run time (the strict schemas refuse a missing, mistyped or extra field).
 */
import { describe, expect, it } from 'vitest';
import {
  AttachmentSchema,
  ContactSchema,
  ConversationRowSchema,
  ConversationSchema,
  InboxSchema,
  MessageSchema,
  UserSchema,
  type ConversationRow,
} from '../../../shared/dto.ts';
import type { Attachment, Contact, Conversation, Inbox, Message, User } from '../db/types.ts';
import type { listConversations } from '../queries/conversations.ts';
import {
  presentAttachment,
  presentContact,
  presentConversation,
  presentInbox,
  presentMessage,
  presentUser,
} from './index.ts';

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_ok?: T) => {};
// GET /api/v1/conversations rows (built in queries/conversations.ts) are exactly the shared ConversationRow.
type ListRow = Awaited<ReturnType<typeof listConversations>>['data'][number];
assertType<Equal<Omit<ListRow, 'lastMessage'>, Omit<ConversationRow, 'lastMessage'>>>();
// The query's left join types the last message's type and sender as nullable, though both are set whenever
// lastMessage is (it is null without a last message).
type Joined<L> = L extends null
  ? null
  : { [K in keyof L]: K extends 'type' | 'senderType' ? NonNullable<L[K]> : L[K] };
assertType<Equal<Joined<ListRow['lastMessage']>, ConversationRow['lastMessage']>>();

const T = Date.UTC(2026, 0, 2, 3, 4, 5);
const conversation = {
  id: 'c1',
  account_id: 'a1',
  inbox_id: 'i1',
  contact_id: 'k1',
  display_id: 7,
  status: 'open',
  snoozed_until: null,
  priority: 'high',
  assignee_id: 'u1',
  team_id: null,
  mode: 'human',
  last_seq: 3,
  last_message_id: 'm1',
  last_message_at: T,
  last_incoming_at: T,
  waiting_since: null,
  contact_last_read_seq: 2,
  created_at: T,
  updated_at: T,
  resolved_at: null,
  custom_attributes: '{"context":{"title":"x"}}',
} as Conversation;
const message = {
  id: 'm1',
  account_id: 'a1',
  conversation_id: 'c1',
  seq: 3,
  message_type: 'outgoing',
  sender_type: 'bot',
  sender_id: null,
  content: 'hi',
  content_attributes: '{"kind":"bot_answer"}',
  client_message_id: 'bot-1',
  idempotency_key: null,
  external_id: null,
  status: 'sent',
  created_at: T,
} as Message;
const attachment = {
  id: 'f1',
  account_id: 'a1',
  message_id: 'm1',
  uploader_type: 'contact',
  uploader_id: 'k1',
  file_name: 'a.png',
  content_type: 'image/png',
  size: 12,
  storage_key: 'x',
  created_at: T,
} as Attachment;
const contact = {
  id: 'k1',
  account_id: 'a1',
  name: null,
  email: 'k@example.com',
  phone: null,
  attributes: '{}',
  merged_into_id: null,
  created_at: T,
  updated_at: T,
  last_seen_at: null,
} as Contact;
const user = {
  id: 'u1',
  account_id: 'a1',
  email: 'u@example.com',
  name: 'U',
  password_hash: 'x',
  role: 'agent',
  locale: 'en',
  availability: 'online',
  avatar_url: null,
  preferences: '{}',
  password_changed_at: T,
  created_at: T,
  updated_at: T,
  disabled_at: null,
} as User;
const inbox = {
  id: 'i1',
  account_id: 'a1',
  name: 'Web',
  channel_type: 'web_widget',
  public_token: 'tok',
  hmac_secret: 's',
  settings: '{}',
  created_at: T,
  updated_at: T,
} as Inbox;

describe('presenters produce the shared shapes', () => {
  it('messages, attachments, conversations, contacts, users, inboxes', () => {
    expect(MessageSchema.parse(presentMessage(message, [attachment]))).toMatchObject({
      seq: 3,
      sender: { type: 'bot', id: null },
      attributes: { kind: 'bot_answer' },
    });
    expect(AttachmentSchema.parse(presentAttachment(attachment)).url).toBe(
      '/api/v1/attachments/f1',
    );
    expect(ConversationSchema.parse(presentConversation(conversation, ['vip'])).labels).toEqual([
      'vip',
    ]);
    expect(ConversationSchema.parse(presentConversation(conversation))).not.toHaveProperty(
      'labels',
    );
    expect(
      ContactSchema.parse(presentContact(contact, [{ kind: 'email', value: 'k@example.com' }]))
        .identities,
    ).toHaveLength(1);
    expect(ContactSchema.parse(presentContact(contact)).lastSeenAt).toBeNull();
    expect(UserSchema.parse(presentUser(user))).not.toHaveProperty('passwordHash');
    expect(InboxSchema.parse(presentInbox(inbox))).not.toHaveProperty('hmacSecret');
    expect(InboxSchema.parse(presentInbox(inbox, { includeSecrets: true })).hmacSecret).toBe('s');
    const row: ConversationRow = {
      ...presentConversation(conversation, []),
      contact: presentContact(contact),
      unreadCount: 1,
      lastMessage: { content: 'hi', type: 'outgoing', senderType: 'bot', createdAt: null },
    };
    expect(ConversationRowSchema.parse(row).unreadCount).toBe(1);
  });

  it('a drift fails the schema (extra or missing field)', () => {
    expect(() => MessageSchema.parse({ ...presentMessage(message), extra: 1 })).toThrow();
    const { seq: _seq, ...withoutSeq } = presentMessage(message);
    expect(() => MessageSchema.parse(withoutSeq)).toThrow();
  });
});
