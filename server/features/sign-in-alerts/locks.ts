/**
 * Sign-in locks people see. When the core locks an address after repeated failed sign-ins
 * (core/http/routes/auth.ts → core/kit/sign-in-lock.ts) and the address has a user, the lock is kept
 * in `sign_in_locks` and `user.sign_in_locked` is recorded in the user's account: its owners and
 * admins get it live in the console (admins' room only). At the user's next successful sign-in the
 * locks they were not told about yet come back once as `notices` on the sign-in's answer. An address
 * without a user tells nobody anything (the lock itself answers alike for both, see auth.ts).
 */
import { type CommandContext, execute } from '../../core/commands/context.ts';
import type { User } from '../../core/db/types.ts';
import { newId } from '../../core/lib/ids.ts';
import type { SignInLock } from '../../core/kit/sign-in-lock.ts';
import { systemActor } from '../../core/policies/actor.ts';
import type { Services } from '../../core/services.ts';
import type { SignInNoticeDTO } from '../../../shared/dto.ts';
import type { SignInLocksTable } from './tables.ts';

const iso = (ms: number) => new Date(Number(ms)).toISOString();
/** Locks told at one sign-in, at most (the newest). */
const MAX_NOTICES = 5;

type LockedUser = Pick<User, 'id' | 'account_id' | 'name' | 'email'>;

async function keepLock(ctx: CommandContext, input: { lock: SignInLock; user: LockedUser }) {
  const { lock, user } = input;
  const row: SignInLocksTable = {
    id: newId(ctx.now),
    account_id: user.account_id,
    user_id: user.id,
    failures: lock.failures,
    ip: lock.ip,
    locked_at: lock.at,
    until: lock.until,
    told_at: null,
  };
  await ctx.tx.insertInto('sign_in_locks').values(row).execute();
  await ctx.events.record('user.sign_in_locked', {
    lock: {
      id: row.id,
      userId: user.id,
      name: user.name,
      email: user.email,
      failures: row.failures,
      ip: row.ip,
      lockedAt: iso(row.locked_at),
      until: iso(row.until),
    },
    audience: 'admins',
  });
}

/** Lock listener: an address with a user → kept for the user, told to the account's admins. */
export async function recordSignInLock(services: Services, lock: SignInLock): Promise<void> {
  const user = await services.database.db
    .selectFrom('users')
    .select(['id', 'account_id', 'name', 'email'])
    .where('email', '=', lock.email)
    .executeTakeFirst();
  if (!user) return;
  await execute(services, systemActor(user.account_id, 'sign-in-lock'), keepLock, { lock, user });
}

async function markTold(ctx: CommandContext, input: { userId: string; ids: string[] }) {
  await ctx.tx
    .updateTable('sign_in_locks')
    .set({ told_at: ctx.now })
    .where('user_id', '=', input.userId)
    .where('id', 'in', input.ids)
    .where('told_at', 'is', null)
    .execute();
}

/** Notice source: the locks this user was not told about yet, newest first, each told once. */
export async function takeLockNotices(services: Services, user: User): Promise<SignInNoticeDTO[]> {
  const rows = await services.database.db
    .selectFrom('sign_in_locks')
    .selectAll()
    .where('user_id', '=', user.id)
    .where('told_at', 'is', null)
    .orderBy('locked_at', 'desc')
    .limit(MAX_NOTICES)
    .execute();
  if (!rows.length) return [];
  await execute(services, systemActor(user.account_id, 'sign-in-lock'), markTold, {
    userId: user.id,
    ids: rows.map((r) => r.id),
  });
  return rows.map((r) => ({
    kind: 'account_locked',
    at: iso(r.locked_at),
    failures: Number(r.failures),
    ip: r.ip,
  }));
}
