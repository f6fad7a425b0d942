/** Row → API/socket JSON. The only serializers; their output types are shared/dto.ts (what the clients import). */
import type { Attachment, Contact, Conversation, Inbox, Message, User } from '../db/types.ts';
import type {
  AttachmentDTO,
  ContactDTO,
  ConversationDTO,
  InboxDTO,
  MessageDTO,
  UserDTO,
} from './types.ts';

// Formatting a date is dear next to everything else a presenter does, and DTOs repeat the same
// instants (a message's time, its conversation's created / waiting-since / last-message times): a
// bounded cache of formatted instants.
const isoCache = new Map<number, string>();
const isoReq = (value: number): string => {
  const ms = Number(value);
  let s = isoCache.get(ms);
  if (s === undefined) {
    s = new Date(ms).toISOString();
    if (isoCache.size >= 4096) isoCache.clear();
    isoCache.set(ms, s);
  }
  return s;
};
export const iso = (ms: number | null | undefined): string | null =>
  ms == null ? null : isoReq(ms);
export const parseJson = <T = Record<string, unknown>>(
  s: string | null | undefined,
  fallback: T,
): T => {
  if (!s) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

export function presentAttachment(a: Attachment): AttachmentDTO {
  return {
    id: a.id,
    fileName: a.file_name,
    contentType: a.content_type,
    size: Number(a.size),
    url: `/api/v1/attachments/${a.id}`,
  };
}

export function presentMessage(m: Message, attachments: Attachment[] = []): MessageDTO {
  return {
    id: m.id,
    conversationId: m.conversation_id,
    seq: Number(m.seq),
    type: m.message_type,
    sender: { type: m.sender_type, id: m.sender_id },
    content: m.content,
    attributes: parseJson(m.content_attributes, {}),
    attachments: attachments.map(presentAttachment),
    clientMessageId: m.client_message_id,
    status: m.status,
    createdAt: isoReq(m.created_at),
  };
}

export function presentConversation(c: Conversation, labels?: string[]): ConversationDTO {
  return {
    id: c.id,
    displayId: Number(c.display_id),
    inboxId: c.inbox_id,
    contactId: c.contact_id,
    status: c.status,
    snoozedUntil: iso(c.snoozed_until),
    priority: c.priority,
    assigneeId: c.assignee_id,
    teamId: c.team_id,
    mode: c.mode,
    lastSeq: Number(c.last_seq),
    lastMessageAt: iso(c.last_message_at),
    waitingSince: iso(c.waiting_since),
    createdAt: isoReq(c.created_at),
    updatedAt: isoReq(c.updated_at),
    resolvedAt: iso(c.resolved_at),
    customAttributes: parseJson(c.custom_attributes, {}),
    ...(labels ? { labels } : {}),
  };
}

export function presentContact(
  c: Contact,
  identities?: { kind: string; value: string }[],
): ContactDTO {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    attributes: parseJson(c.attributes, {}),
    ...(identities ? { identities } : {}),
    createdAt: isoReq(c.created_at),
    updatedAt: isoReq(c.updated_at),
    lastSeenAt: iso(c.last_seen_at),
  };
}

export function presentUser(u: User): UserDTO {
  return {
    id: u.id,
    accountId: u.account_id,
    email: u.email,
    name: u.name,
    role: u.role,
    locale: u.locale,
    availability: u.availability,
    avatarUrl: u.avatar_url,
    preferences: parseJson(u.preferences, {}),
  };
}

export function presentInbox(i: Inbox, opts: { includeSecrets?: boolean } = {}): InboxDTO {
  return {
    id: i.id,
    name: i.name,
    channelType: i.channel_type,
    publicToken: i.public_token,
    settings: parseJson(i.settings, {}),
    createdAt: isoReq(i.created_at),
    updatedAt: isoReq(i.updated_at),
    ...(opts.includeSecrets ? { hmacSecret: i.hmac_secret } : {}),
  };
}
