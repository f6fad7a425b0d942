import { describe, expect, it } from 'vitest';
import { can, type Action } from './can.ts';
import type { Actor } from './actor.ts';

const user = (role: 'owner' | 'admin' | 'supervisor' | 'agent'): Actor => ({
  kind: 'user',
  userId: 'u',
  accountId: 'a',
  role,
});

describe('policies', () => {
  const table: Array<[Action, boolean, boolean, boolean]> = [
    // action, agent, supervisor, admin
    ['conversation.read', true, true, true],
    ['message.note', true, true, true],
    ['contact.merge', false, true, true],
    ['supervise', false, true, true],
    ['inbox.manage', false, false, true],
    ['user.manage', false, false, true],
    ['canned.manage', false, true, true],
    ['team.manage', false, false, true],
  ];
  it.each(table)('%s: agent=%s supervisor=%s admin=%s', (action, a, s, ad) => {
    expect(can(user('agent'), action)).toBe(a);
    expect(can(user('supervisor'), action)).toBe(s);
    expect(can(user('admin'), action)).toBe(ad);
    expect(can(user('owner'), action)).toBe(ad);
  });
  it('visitors get no agent permissions', () => {
    expect(
      can({ kind: 'contact', contactId: 'c', accountId: 'a', inboxId: 'i' }, 'conversation.read'),
    ).toBe(false);
  });
});
