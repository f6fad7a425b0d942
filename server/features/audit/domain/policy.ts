/** Who reads the audit log: owners and admins of the account (pure). */
import { forbidden } from '../../../core/errors.ts';
import type { Actor } from '../../../core/policies/actor.ts';

export type AuditAction = 'audit.read';

export function canAudit(actor: Actor, _action: AuditAction): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user') return false;
  return actor.role === 'owner' || actor.role === 'admin';
}

export function authorizeAudit(actor: Actor, action: AuditAction): void {
  if (!canAudit(actor, action)) throw forbidden();
}
