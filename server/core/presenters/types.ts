/** JSON shapes sent over REST and sockets. Timestamps are ISO-8601 strings in UTC. */
export interface MessageDTO {
  id: string; conversationId: string; seq: number; type: 'incoming' | 'outgoing' | 'note' | 'activity';
  sender: { type: 'contact' | 'user' | 'bot' | 'system'; id: string | null };
  content: string; attributes: Record<string, unknown>; attachments: AttachmentDTO[];
  clientMessageId: string | null; status: string; createdAt: string;
}
export interface AttachmentDTO { id: string; fileName: string; contentType: string; size: number; url: string }
export interface ConversationDTO {
  id: string; displayId: number; inboxId: string; contactId: string; status: string; snoozedUntil: string | null;
  priority: string; assigneeId: string | null; teamId: string | null; mode: string; lastSeq: number;
  lastMessageAt: string | null; waitingSince: string | null; createdAt: string; updatedAt: string;
  resolvedAt: string | null; customAttributes: Record<string, unknown>; labels?: string[];
}
export interface ContactDTO {
  id: string; name: string | null; email: string | null; phone: string | null;
  attributes: Record<string, unknown>; identities?: { kind: string; value: string }[];
  createdAt: string; updatedAt: string; lastSeenAt: string | null;
}
export interface UserDTO {
  id: string; accountId: string; email: string; name: string; role: string; locale: string;
  availability: string; avatarUrl: string | null; preferences: Record<string, unknown>;
}
