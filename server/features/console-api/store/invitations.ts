/** Reads of invitations (table `invitations`). */
import type { Executor } from '../../../core/db/client.ts';
import { sha256 } from '../../../core/lib/crypto.ts';
import { expiredToken, invalidToken } from '../domain/invitations.ts';

/** Finds a usable invitation by its token (any account), or throws a stable error. */
export async function findUsableInvitation(db: Executor, token: string, now: number) {
  const row = await db
    .selectFrom('invitations')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.accepted_at != null || row.revoked_at != null || row.password_hash)
    throw invalidToken();
  if (Number(row.expires_at) <= now) throw expiredToken();
  return row;
}

/** The account's invitations and pending users, newest first. */
export async function listInvitations(db: Executor, accountId: string) {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

/** The name and language of the account an invitation is for. */
export async function invitingAccount(db: Executor, accountId: string) {
  return db
    .selectFrom('accounts')
    .select(['name', 'locale'])
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
}

/** Whether any account has a user with this (normalized) email. */
export async function userWithEmail(db: Executor, email: string) {
  return db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
}

/** Live pending users (invitations carrying a password hash) of an address, oldest first. */
export async function pendingUsers(db: Executor, email: string, now: number, limit: number) {
  return db
    .selectFrom('invitations')
    .select(['id', 'account_id', 'password_hash'])
    .where('email', '=', email)
    .where('password_hash', 'is not', null)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at')
    .limit(limit)
    .execute();
}
