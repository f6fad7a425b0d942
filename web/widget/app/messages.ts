/** Pure message-list logic: merge by id / client id in seq order, unread counts, automated replies. */
import type { LocalFileRef } from './local-files.ts';
import type {
  AttachmentDTO,
  MessageDTO,
  VisitorConversationDTO,
  VisitorConversationUpdate,
} from '../../../shared/dto.ts';

export type Attachment = AttachmentDTO;
export type Message = MessageDTO;
/**
 * The visitor's conversation as the widget holds it: the full shape from the widget API and acks, or
 * the smaller one the /visitor socket's `message` / `conversation` events carry.
 */
export type Conversation = VisitorConversationUpdate & Partial<VisitorConversationDTO>;
export interface Pending {
  clientMessageId: string;
  content: string;
  attachmentIds: string[];
  attachments?: Attachment[];
  /** Files picked but not uploaded yet (local-files.ts): uploaded by the outbox before sending. */
  files?: LocalFileRef[];
  createdAt: number;
  failed?: string;
  /** The page context sent with this message (the first one after the context was set). */
  context?: Record<string, string | number>;
}

/** Adds messages (socket, REST, acks) without duplicates: same id or same client message id replaces; ordered by seq. */
export function mergeMessages(list: Message[], incoming: Message[]): Message[] {
  if (!incoming.length) return list;
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const m of incoming) {
    if (m.type !== 'incoming' && m.type !== 'outgoing') continue;
    const prev = byId.get(m.id);
    // Some sources (the send ack) carry no attachments; keep the ones already known.
    byId.set(
      m.id,
      prev && prev.attachments?.length && !m.attachments?.length
        ? { ...m, attachments: prev.attachments }
        : m,
    );
  }
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/** Pending (not yet acked) messages that are not already in the list. */
export function stillPending(pending: Pending[], list: Message[]): Pending[] {
  const sent = new Set(list.map((m) => m.clientMessageId).filter(Boolean));
  return pending.filter((p) => !sent.has(p.clientMessageId));
}

export const maxSeq = (list: Message[]) => list.reduce((n, m) => Math.max(n, m.seq), 0);

/** Messages from the business (agent, bot, system) the visitor has not read yet. */
export function unreadCount(list: Message[], readSeq: number): number {
  return list.filter((m) => m.type === 'outgoing' && m.seq > readSeq).length;
}

const isHandover = (m: Message) => m.attributes?.kind === 'handover';

/**
 * "Talk to a human" is shown whenever an automated reply is on screen: the conversation is in bot
 * mode, or a bot message was sent after the last handover notice.
 */
export function showHumanControl(list: Message[], conversation: Conversation | null): boolean {
  if (!conversation) return false;
  if (conversation.mode === 'bot') return true;
  let lastHandover = -1;
  let lastBot = -1;
  for (const m of list) {
    if (isHandover(m)) lastHandover = Math.max(lastHandover, m.seq);
    if (m.type === 'outgoing' && m.sender.type === 'bot') lastBot = Math.max(lastBot, m.seq);
  }
  return lastBot > lastHandover;
}

/** A short client message id: unique per device and send. */
export function newClientId(): string {
  const r = new Uint8Array(9);
  crypto.getRandomValues(r);
  return `w-${Date.now().toString(36)}-${[...r].map((b) => b.toString(36).padStart(2, '0')).join('')}`;
}
