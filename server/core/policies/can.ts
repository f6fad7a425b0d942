/** The policy layer: pure `can(actor, action)` checked by every command and socket subscription. */
import { forbidden } from '../errors.ts';
import type { Role } from '../db/types.ts';
import type { Actor } from './actor.ts';

export type Action =
  | 'conversation.read'
  | 'conversation.update'
  | 'conversation.assign'
  | 'message.send'
  | 'message.note'
  | 'contact.read'
  | 'contact.update'
  | 'contact.merge'
  | 'inbox.read'
  | 'inbox.manage'
  | 'user.read'
  | 'user.manage'
  | 'team.manage'
  | 'label.manage'
  | 'canned.read'
  | 'canned.manage'
  | 'account.manage'
  | 'supervise'
  | 'token.manage';

const agent: Action[] = [
  'conversation.read',
  'conversation.update',
  'conversation.assign',
  'message.send',
  'message.note',
  'contact.read',
  'contact.update',
  'inbox.read',
  'user.read',
  'canned.read',
  'token.manage',
];
const supervisor: Action[] = [
  ...agent,
  'contact.merge',
  'supervise',
  'label.manage',
  'canned.manage',
];
const admin: Action[] = [
  ...supervisor,
  'inbox.manage',
  'user.manage',
  'team.manage',
  'account.manage',
];

const grants: Record<Role, ReadonlySet<Action>> = {
  agent: new Set(agent),
  supervisor: new Set(supervisor),
  admin: new Set(admin),
  owner: new Set(admin),
};

export function can(actor: Actor, action: Action): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind === 'contact') return false; // visitors act only through the widget commands' own checks
  return grants[actor.role]?.has(action) ?? false;
}

export function authorize(actor: Actor, action: Action): void {
  if (!can(actor, action)) throw forbidden();
}

export const ROLE_RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3, owner: 4 };
