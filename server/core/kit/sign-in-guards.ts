/**
 * Password sign-in guards: a feature may refuse a password sign-in whose credentials were right (e.g.
 * single sign-on enforced for the account). Each guard runs after the password check and before the
 * session is created, and throws an AppError to refuse; the core names no feature.
 */
import type { User } from '../db/types.ts';
import type { Services } from '../services.ts';

export type PasswordSignInGuard = (services: Services, user: User) => Promise<void>;

export const passwordSignInGuards: PasswordSignInGuard[] = [];

/** Registers a guard once (feature manifests run on import; tests import them again). */
export function addPasswordSignInGuard(guard: PasswordSignInGuard): void {
  if (!passwordSignInGuards.includes(guard)) passwordSignInGuards.push(guard);
}

export async function checkPasswordSignIn(services: Services, user: User): Promise<void> {
  for (const guard of passwordSignInGuards) await guard(services, user);
}
