/**
 * Invitations, pure: how long a link lives, its status, how it is presented, and the errors a link
 * that cannot be used gives.
 */
import { AppError } from '../../../core/errors.ts';
import type { InvitationDTO } from '../events.ts';
import type { InvitationsTable } from '../tables.ts';

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
export const iso = (ms: number | null) => (ms == null ? null : new Date(Number(ms)).toISOString());

export function invitationStatus(
  r: Pick<InvitationsTable, 'accepted_at' | 'revoked_at' | 'expires_at'>,
  now: number,
): InvitationDTO['status'] {
  if (r.accepted_at != null) return 'accepted';
  if (r.revoked_at != null) return 'revoked';
  return Number(r.expires_at) <= now ? 'expired' : 'pending';
}

export function presentInvitation(r: InvitationsTable, now: number): InvitationDTO {
  return {
    id: r.id,
    email: r.email,
    role: r.role,
    invitedBy: r.invited_by,
    createdAt: iso(r.created_at)!,
    expiresAt: iso(r.expires_at)!,
    acceptedAt: iso(r.accepted_at),
    revokedAt: iso(r.revoked_at),
    status: invitationStatus(r, now),
    activation: r.password_hash ? 'sign_in' : 'link',
  };
}

export const invalidToken = () =>
  new AppError(
    'invitation_invalid',
    404,
    'This invitation link is invalid, was already used or was revoked.',
  );
export const expiredToken = () =>
  new AppError(
    'invitation_expired',
    410,
    'This invitation link has expired; ask an administrator for a new one.',
  );
