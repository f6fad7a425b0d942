/** Domain events owned by the console feature (merged into EventPayloads in catalog.ts). */
export interface InvitationDTO {
  id: string;
  email: string;
  role: string;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  status: 'pending' | 'accepted' | 'expired' | 'revoked';
  /** `link`: accepted through the one-time link; `sign_in`: a pending user (POST /api/v1/users), activated by the first sign-in. */
  activation: 'link' | 'sign_in';
}

export interface ConsoleEvents {
  /** An admin invited someone (the token is never part of an event). */
  'invitation.created': { invitation: InvitationDTO };
  'invitation.accepted': { invitation: InvitationDTO; userId: string };
  'invitation.revoked': { invitation: InvitationDTO };
  /**
   * An agent's availability changed (online / away / offline) — supervisor view, routing. `reason`
   * when the agent did not choose it: `sign_in` (the account's availability at sign-in), `inactive`
   * (auto-away), `disconnected` (no console open).
   */
  'user.availability_changed': {
    userId: string;
    availability: string;
    previous: string;
    reason?: 'sign_in' | 'inactive' | 'disconnected';
  };
}

export const CONSOLE_EVENT_TYPES = [
  'invitation.created',
  'invitation.accepted',
  'invitation.revoked',
  'user.availability_changed',
] as const satisfies readonly (keyof ConsoleEvents)[];

// Merged into the core's catalogue (declaration merging): the core names no feature.
declare module '../../core/events/catalog.ts' {
  interface EventPayloads extends ConsoleEvents {}
}
