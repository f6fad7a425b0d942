/** KB permissions: every user reads; owners, admins and supervisors edit (pure). */
import { forbidden } from '../../../core/errors.ts';
import type { Actor } from '../../../core/policies/actor.ts';

export type KbAction = 'kb.read' | 'kb.manage';

export function canKb(actor: Actor, action: KbAction): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user') return false;
  if (action === 'kb.read') return true;
  return actor.role === 'owner' || actor.role === 'admin' || actor.role === 'supervisor';
}

export function authorizeKb(actor: Actor, action: KbAction): void {
  if (!canKb(actor, action)) throw forbidden();
}
