/**
 * The per-account sign-in lock (core/http/routes/auth.ts) as something people see: when a lock
 * starts, listeners hear of it (a feature tells the account's admins and keeps a notice for the
 * user); at the user's next successful sign-in, notice sources hand over what to show them once.
 * The core names no feature.
 */
import type { User } from '../db/types.ts';
import type { Services } from '../services.ts';
import type { SignInNoticeDTO } from '../../../shared/dto.ts';

export interface SignInLock {
  /** The address the failures were for (it may have no user). */
  email: string;
  failures: number;
  /** The address of the attempt that locked it. */
  ip: string | null;
  at: number;
  /** When sign-ins work again. */
  until: number;
}

export type SignInLockListener = (services: Services, lock: SignInLock) => Promise<void>;
/** Notices for this user's sign-in, each handed over once. */
export type SignInNoticeSource = (services: Services, user: User) => Promise<SignInNoticeDTO[]>;

const listeners: SignInLockListener[] = [];
const sources: SignInNoticeSource[] = [];

/** Registers a listener once (feature manifests run on import; tests import them again). */
export function addSignInLockListener(l: SignInLockListener): void {
  if (!listeners.includes(l)) listeners.push(l);
}
export function addSignInNoticeSource(s: SignInNoticeSource): void {
  if (!sources.includes(s)) sources.push(s);
}

/** Tells every listener; a failing one is logged and never changes the sign-in's answer. */
export async function signInLocked(services: Services, lock: SignInLock): Promise<void> {
  for (const l of listeners) {
    try {
      await l(services, lock);
    } catch (err) {
      services.log.error({ err }, 'a sign-in lock listener failed');
    }
  }
}

/** What the user is told at this sign-in (and never again); a failing source is logged, not fatal. */
export async function takeSignInNotices(
  services: Services,
  user: User,
): Promise<SignInNoticeDTO[]> {
  const out: SignInNoticeDTO[] = [];
  for (const s of sources) {
    try {
      out.push(...(await s(services, user)));
    } catch (err) {
      services.log.error({ err }, 'a sign-in notice source failed');
    }
  }
  return out;
}
