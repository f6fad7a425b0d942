import { describe, expect, it } from 'vitest';
import type { ConversationStatus } from '../db/types.ts';
import { nextStatus, onIncomingMessage, type StatusAction } from './conversation-state.ts';

describe('conversation state machine', () => {
  const table: Array<[ConversationStatus, StatusAction, ConversationStatus | 'error']> = [
    ['open', 'resolve', 'resolved'],
    ['open', 'pending', 'pending'],
    ['open', 'snooze', 'snoozed'],
    ['open', 'reopen', 'open'],
    ['pending', 'open', 'open'],
    ['pending', 'resolve', 'resolved'],
    ['snoozed', 'reopen', 'open'],
    ['resolved', 'reopen', 'open'],
    ['resolved', 'pending', 'error'],
    ['resolved', 'snooze', 'error'],
    ['resolved', 'close', 'closed'],
    ['closed', 'reopen', 'error'],
    ['closed', 'resolve', 'error'],
    ['resolved', 'resolve', 'resolved'],
  ];
  it.each(table)('%s --%s--> %s', (from, action, to) => {
    if (to === 'error')
      expect(() => nextStatus(from, action)).toThrowError(
        expect.objectContaining({ code: 'invalid_transition' }),
      );
    else expect(nextStatus(from, action)).toBe(to);
  });

  it('an incoming message reopens any conversation except a closed one, which starts a new conversation', () => {
    for (const s of ['open', 'pending', 'snoozed', 'resolved'] as const)
      expect(onIncomingMessage(s)).toEqual({ status: 'open', newConversation: false });
    expect(onIncomingMessage('closed')).toEqual({ status: 'open', newConversation: true });
  });
});
