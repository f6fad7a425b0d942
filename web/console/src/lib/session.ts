/** The logged-in agent: GET /api/v1/me (also yields the CSRF token), login, logout, profile updates. */
import { useSyncExternalStore } from 'react';
import { api, ApiError, setCsrfToken } from './api.ts';
import { normalizeLocale, setLocale } from './i18n.ts';
import { setTimeZone } from './format.ts';
import { realtime } from './realtime.ts';
import type { MinRole } from '../extensions.ts';
import type { SignInNoticeDTO, UserDTO } from '../../../../shared/dto.ts';

/** The user as the server presents it (availability: 'online' | 'away' | 'offline'). */
export type User = UserDTO;
export interface Account {
  id: string;
  name: string;
  slug: string;
  locale: string;
}
export interface Me {
  user: User;
  account: Account;
  /** Two-factor on; whether the account makes this user enrol before anything else. */
  twoFactor?: { enabled: boolean; enrolmentRequired: boolean };
  /** Told by the sign-in that just happened (e.g. the account had been locked), shown once. */
  notices?: SignInNoticeDTO[];
}
/** The password was right and the user has two-factor: the code goes with this challenge. */
export interface TwoFactorChallenge {
  twoFactorRequired: true;
  challenge: string;
}
type MeAnswer = Me & { csrfToken: string | null };
const meOf = (r: MeAnswer): Me => ({
  user: r.user,
  account: r.account,
  twoFactor: r.twoFactor,
  ...(r.notices?.length ? { notices: r.notices } : {}),
});

let me: Me | null = null;
let loaded = false;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

function setMe(next: Me | null, csrf?: string | null) {
  me = next;
  loaded = true;
  if (csrf !== undefined) setCsrfToken(csrf);
  if (next) {
    const l = normalizeLocale(next.user.locale);
    // default: the browser's language; once the user picked one (any device), the saved profile locale
    if (l && next.user.preferences?.localeChosen) setLocale(l);
    setTimeZone(
      typeof next.user.preferences?.timeZone === 'string'
        ? next.user.preferences.timeZone
        : undefined,
    );
  }
  notify();
}

/** The sign-in notices were read: they go (they came with that sign-in only). */
export function dismissNotices(): void {
  if (me?.notices) setMe({ ...me, notices: undefined });
}

export async function loadMe(): Promise<Me | null> {
  try {
    const r = await api<MeAnswer>('GET', '/api/v1/me');
    // notices come with a sign-in only: a reload of the profile keeps those not dismissed yet
    const kept = me?.notices && me.user.id === r.user.id ? { notices: me.notices } : {};
    setMe({ ...meOf(r), ...kept }, r.csrfToken);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) setMe(null, null);
    else throw err;
  }
  return me;
}

/** Signs in, or answers the challenge of a second step (two-factor: `loginSecondStep`). */
export async function login(email: string, password: string): Promise<Me | TwoFactorChallenge> {
  const r = await api<MeAnswer | TwoFactorChallenge>('POST', '/api/v1/auth/login', {
    email,
    password,
  });
  if ('twoFactorRequired' in r) return r;
  setMe(meOf(r), r.csrfToken);
  return me!;
}

/** The second step: an authenticator code or a recovery code, with the challenge of `login`. */
export async function loginSecondStep(
  challenge: string,
  answer: { code: string } | { recoveryCode: string },
): Promise<Me> {
  const r = await api<MeAnswer>('POST', '/api/v1/auth/login/2fa', { challenge, ...answer });
  setMe(meOf(r), r.csrfToken);
  return me!;
}

export async function logout(): Promise<void> {
  try {
    await api('POST', '/api/v1/auth/logout');
  } catch {
    /* session already gone */
  }
  setMe(null, null);
}

export function clearSession(): void {
  if (me) setMe(null, null);
}

export async function updateMe(
  patch: Partial<Pick<User, 'name' | 'locale' | 'availability' | 'avatarUrl' | 'preferences'>>,
): Promise<User> {
  const r = await api<{ user: User }>('PATCH', '/api/v1/me', patch);
  if (me) setMe({ ...me, user: r.user });
  return r.user;
}

// The server changes availability too (sign-in, auto-away, a closed console, another tab): the
// status menu follows the user's own `user.availability_changed` events.
realtime.onEvent((e) => {
  if (e.type !== 'user.availability_changed' || !me || e.payload?.userId !== me.user.id) return;
  const availability = e.payload.availability as User['availability'];
  if (availability !== me.user.availability) setMe({ ...me, user: { ...me.user, availability } });
});

export function useMe(): Me | null {
  return useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => {
        listeners.delete(fn);
      };
    },
    () => me,
  );
}
export function useSessionLoaded(): boolean {
  return useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => {
        listeners.delete(fn);
      };
    },
    () => loaded,
  );
}
export function getMe(): Me | null {
  return me;
}

const RANK: Record<string, number> = { agent: 1, supervisor: 2, admin: 3, owner: 4 };
export function hasRole(user: Pick<User, 'role'> | null | undefined, min: MinRole): boolean {
  return !!user && (RANK[user.role] ?? 0) >= RANK[min];
}
