/** JSON shapes of the REST API / socket events (mirrors server/presenters/types.ts). */
export interface AttachmentDTO { id: string; fileName: string; contentType: string; size: number; url: string }
export interface MessageDTO {
  id: string; conversationId: string; seq: number; type: 'incoming' | 'outgoing' | 'note' | 'activity';
  sender: { type: 'contact' | 'user' | 'bot' | 'system'; id: string | null };
  content: string; attributes: Record<string, unknown>; attachments: AttachmentDTO[];
  clientMessageId: string | null; status: string; createdAt: string;
}
export interface ContactDTO {
  id: string; name: string | null; email: string | null; phone: string | null;
  attributes: Record<string, unknown>; createdAt: string; updatedAt: string; lastSeenAt: string | null;
}
export interface ConversationDTO {
  id: string; displayId: number; inboxId: string; contactId: string; status: string; snoozedUntil: string | null;
  priority: string; assigneeId: string | null; teamId: string | null; mode: string; lastSeq: number;
  lastMessageAt: string | null; waitingSince: string | null; createdAt: string; updatedAt: string;
  resolvedAt: string | null; labels?: string[];
}
export interface ConversationRow extends ConversationDTO {
  contact: ContactDTO | null; unreadCount: number;
  lastMessage: { content: string; type: string; senderType: string; createdAt: string | null } | null;
}
