/**
 * First sign-ins: a feature may turn a password sign-in for an address that has no user yet into a
 * new user (e.g. a pending user an admin added, activated by the password they were given). Asked
 * only after the credentials matched no user; the first source that answers a user wins. The core
 * names no feature.
 */
import type { User } from '../db/types.ts';
import type { Services } from '../services.ts';

export type FirstSignIn = (
  services: Services,
  email: string,
  password: string,
) => Promise<User | null>;

const sources: FirstSignIn[] = [];

/** Registers a source once (feature manifests run on import; tests import them again). */
export function addFirstSignIn(source: FirstSignIn): void {
  if (!sources.includes(source)) sources.push(source);
}

export async function firstSignIn(
  services: Services,
  email: string,
  password: string,
): Promise<User | null> {
  for (const source of sources) {
    const user = await source(services, email, password);
    if (user) return user;
  }
  return null;
}
