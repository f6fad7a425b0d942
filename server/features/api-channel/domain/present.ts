/** The app's view of messages and conversations (pure): files by the inbox-token route, no agent ids beyond the sender. */
import type { ConversationDTO, MessageDTO } from '../../../../shared/dto.ts';
import type { ApiConversation, ApiMessage } from '../schemas.ts';

export const attachmentUrl = (inboxId: string, attachmentId: string) =>
  `/api/v1/channels/api/${inboxId}/attachments/${attachmentId}`;

export function apiMessage(
  inboxId: string,
  m: MessageDTO,
  senderName: string | null = null,
): ApiMessage {
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq: m.seq,
    type: m.type,
    sender: { type: m.sender.type, id: m.sender.id, name: senderName },
    content: m.content,
    attributes: m.attributes,
    attachments: m.attachments.map((a) => ({
      id: a.id,
      fileName: a.fileName,
      contentType: a.contentType,
      size: a.size,
      url: attachmentUrl(inboxId, a.id),
    })),
    clientMessageId: m.clientMessageId,
    createdAt: m.createdAt,
  };
}

export function apiConversation(c: ConversationDTO): ApiConversation {
  return {
    id: c.id,
    displayId: c.displayId,
    status: c.status,
    mode: c.mode,
    lastSeq: c.lastSeq,
    assigned: !!c.assigneeId,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    resolvedAt: c.resolvedAt,
  };
}

/** Whether an event is something the app's webhook hears of: public replies and status changes. */
export function isOutbound(
  type: string,
  payload: { message?: { type: string } },
): type is 'message.created' | 'conversation.status_changed' {
  if (type === 'conversation.status_changed') return true;
  return type === 'message.created' && payload.message?.type === 'outgoing';
}
