/**
 * Availability at sign-in (accounts.settings `availabilityAtSignIn`): with `online`, the default, a
 * person who signs in to the console (password, password + two-factor, SSO) comes online at once, so
 * routing and the widget's "agents online" see them without a visit to the status menu; with
 * `offline`, signing in leaves their availability as it was (new agents start offline) and they go
 * online from the status menu. Only an interactive sign-in does this: API tokens never change it.
 */
import type { Availability } from '../db/types.ts';
import { notFound } from '../errors.ts';
import { authorize } from '../policies/can.ts';
import { parseJson } from '../presenters/index.ts';
import { createSession } from './auth.ts';
import type { CommandContext } from './context.ts';

export const SIGN_IN_AVAILABILITIES = ['online', 'offline'] as const;
export type SignInAvailability = (typeof SIGN_IN_AVAILABILITIES)[number];

export interface PresenceSettings {
  availabilityAtSignIn: SignInAvailability;
}

/** The account's setting, from the stored `accounts.settings` JSON (absent or unreadable: online). */
export function presenceSettings(settingsJson: string | null | undefined): PresenceSettings {
  const s = parseJson<{ availabilityAtSignIn?: unknown }>(settingsJson ?? '{}', {});
  return { availabilityAtSignIn: s?.availabilityAtSignIn === 'offline' ? 'offline' : 'online' };
}

/** Owners and admins choose the availability at sign-in. */
export async function setPresenceSettings(
  ctx: CommandContext,
  input: PresenceSettings,
): Promise<PresenceSettings> {
  authorize(ctx.actor, 'account.manage');
  // the row lock first (PostgreSQL): other settings written meanwhile are not lost
  await ctx.tx
    .updateTable('accounts')
    .set({ updated_at: ctx.now })
    .where('id', '=', ctx.accountId)
    .execute();
  const a = await ctx.tx
    .selectFrom('accounts')
    .select('settings')
    .where('id', '=', ctx.accountId)
    .executeTakeFirst();
  if (!a) throw notFound('account');
  const settings = parseJson<Record<string, unknown>>(a.settings, {});
  await ctx.tx
    .updateTable('accounts')
    .set({
      settings: JSON.stringify({
        ...(settings && typeof settings === 'object' ? settings : {}),
        availabilityAtSignIn: input.availabilityAtSignIn,
      }),
    })
    .where('id', '=', ctx.accountId)
    .execute();
  return { availabilityAtSignIn: input.availabilityAtSignIn };
}

/** Applies the account's availability at sign-in to a user who just signed in; answers the new one. */
export async function signInAvailability(
  ctx: CommandContext,
  input: { userId: string },
): Promise<Availability> {
  const row = await ctx.tx
    .selectFrom('users')
    .innerJoin('accounts', 'accounts.id', 'users.account_id')
    .select(['users.availability', 'accounts.settings'])
    .where('users.id', '=', input.userId)
    .where('users.account_id', '=', ctx.accountId)
    .executeTakeFirst();
  if (!row) throw notFound('user');
  if (presenceSettings(row.settings).availabilityAtSignIn !== 'online') return row.availability;
  if (row.availability === 'online') return 'online';
  await ctx.tx
    .updateTable('users')
    .set({ availability: 'online', updated_at: ctx.now })
    .where('id', '=', input.userId)
    .execute();
  await ctx.events.record('user.availability_changed', {
    userId: input.userId,
    availability: 'online',
    previous: row.availability,
    reason: 'sign_in',
  });
  return 'online';
}

/** An interactive sign-in's session and its availability, in one transaction. */
export async function signInSession(
  ctx: CommandContext,
  input: { userId: string; userAgent?: string | null; maxAgeMs?: number },
): Promise<Awaited<ReturnType<typeof createSession>>> {
  const session = await createSession(ctx, input);
  await signInAvailability(ctx, { userId: input.userId });
  return session;
}
