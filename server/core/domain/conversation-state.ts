/** The conversation state machine: pure. */
import type { ConversationStatus } from '../db/types.ts';
import { badInput } from '../errors.ts';

export type StatusAction = 'open' | 'pending' | 'snooze' | 'resolve' | 'close' | 'reopen';

const allowed: Record<ConversationStatus, StatusAction[]> = {
  open: ['pending', 'snooze', 'resolve', 'close'],
  pending: ['open', 'snooze', 'resolve', 'close', 'reopen'],
  snoozed: ['open', 'pending', 'resolve', 'close', 'reopen'],
  resolved: ['reopen', 'open', 'close'],
  closed: [],
};

const target: Record<StatusAction, ConversationStatus> = {
  open: 'open',
  reopen: 'open',
  pending: 'pending',
  snooze: 'snoozed',
  resolve: 'resolved',
  close: 'closed',
};

export function nextStatus(current: ConversationStatus, action: StatusAction): ConversationStatus {
  if (target[action] === current) return current;
  if (!allowed[current].includes(action)) {
    throw badInput(
      'invalid_transition',
      `A ${current} conversation cannot be changed with "${action}".`,
      { from: current, action },
    );
  }
  return target[action];
}

/** What an incoming customer message does to the conversation it lands in. */
export function onIncomingMessage(current: ConversationStatus): {
  status: ConversationStatus;
  newConversation: boolean;
} {
  if (current === 'closed') return { status: 'open', newConversation: true };
  return { status: 'open', newConversation: false };
}

export function isActive(status: ConversationStatus): boolean {
  return status === 'open' || status === 'pending' || status === 'snoozed';
}
