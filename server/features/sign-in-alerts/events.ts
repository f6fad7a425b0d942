/** Domain events owned by the sign-in-alerts feature (merged into EventPayloads in catalog.ts). */

export interface SignInLockDTO {
  id: string;
  userId: string;
  name: string;
  email: string;
  failures: number;
  ip: string | null;
  lockedAt: string;
  until: string;
}

export interface SignInAlertEvents {
  /**
   * A user's sign-ins were locked after repeated failures: the account's owners and admins are told
   * live (`audience: 'admins'`: their room only, left out of other roles' resumes).
   */
  'user.sign_in_locked': { lock: SignInLockDTO; audience: 'admins' };
}

export const SIGN_IN_ALERT_EVENT_TYPES = [
  'user.sign_in_locked',
] as const satisfies readonly (keyof SignInAlertEvents)[];

// Merged into the core's catalogue (declaration merging): the core names no feature.
declare module '../../core/events/catalog.ts' {
  interface EventPayloads extends SignInAlertEvents {}
}
