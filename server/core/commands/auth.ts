/** Login sessions, logout (here or everywhere), password change, personal API tokens. */
import type { User } from '../db/types.ts';
import { AppError, badInput, notFound, unauthorized } from '../errors.ts';
import { hashPassword, sha256, verifyPassword } from '../lib/crypto.ts';
import { newId, randomToken } from '../lib/ids.ts';
import { authorize } from '../policies/can.ts';
import type { CommandContext } from './context.ts';
import type { Executor } from '../db/client.ts';
import type { TokenScope } from '../policies/token-scopes.ts';

export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
let dummyHash: Promise<string> | null = null;

/** Checks credentials; equal work whether or not the email exists (no user enumeration by timing). */
export async function checkCredentials(
  db: Executor,
  email: string,
  password: string,
): Promise<User> {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  dummyHash ??= hashPassword('not-a-real-password');
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
  if (!user || !ok || user.disabled_at)
    throw new AppError('invalid_credentials', 401, 'The email or password is incorrect.');
  return user;
}

export async function createSession(
  ctx: CommandContext,
  input: { userId: string; userAgent?: string | null; maxAgeMs?: number },
): Promise<{ token: string; csrfToken: string; expiresAt: number }> {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  const expiresAt = ctx.now + (input.maxAgeMs ?? SESSION_TTL_MS);
  await ctx.tx
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: input.userId,
      account_id: ctx.accountId,
      csrf_token: csrfToken,
      created_at: ctx.now,
      expires_at: expiresAt,
      last_seen_at: ctx.now,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export async function destroySession(
  ctx: CommandContext,
  input: { sessionId: string },
): Promise<void> {
  await ctx.tx
    .deleteFrom('sessions')
    .where('id', '=', input.sessionId)
    .where('account_id', '=', ctx.accountId)
    .execute();
}

export async function logoutEverywhere(
  ctx: CommandContext,
  input: { userId: string },
): Promise<number> {
  const res = await ctx.tx
    .deleteFrom('sessions')
    .where('user_id', '=', input.userId)
    .where('account_id', '=', ctx.accountId)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/**
 * Changing the password revokes every session (including the current one) and returns a fresh one;
 * with `revokeTokens`, every API token of the user too (their ids are returned, to end their sockets).
 */
export async function changePassword(
  ctx: CommandContext,
  input: {
    userId: string;
    currentPassword: string;
    newPassword: string;
    maxAgeMs?: number;
    revokeTokens?: boolean;
  },
) {
  const user = await ctx.tx
    .selectFrom('users')
    .selectAll()
    .where('id', '=', input.userId)
    .where('account_id', '=', ctx.accountId)
    .executeTakeFirst();
  if (!user) throw notFound('user');
  if (!(await verifyPassword(user.password_hash, input.currentPassword)))
    throw badInput('invalid_credentials', 'The current password is incorrect.');
  await ctx.tx
    .updateTable('users')
    .set({
      password_hash: await hashPassword(input.newPassword),
      password_changed_at: ctx.now,
      updated_at: ctx.now,
    })
    .where('id', '=', user.id)
    .execute();
  await ctx.tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
  const revoked = input.revokeTokens
    ? await ctx.tx
        .updateTable('api_tokens')
        .set({ revoked_at: ctx.now })
        .where('user_id', '=', user.id)
        .where('revoked_at', 'is', null)
        .returning('id')
        .execute()
    : [];
  const session = await createSession(ctx, { userId: user.id, maxAgeMs: input.maxAgeMs });
  return { ...session, revokedTokenIds: revoked.map((r) => r.id) };
}

export async function createApiToken(
  ctx: CommandContext,
  input: { name: string; scopes?: TokenScope[]; expiresInDays?: number | null },
): Promise<{ id: string; token: string; scopes: TokenScope[]; expiresAt: string | null }> {
  if (ctx.actor.kind !== 'user') throw unauthorized();
  authorize(ctx.actor, 'token.manage');
  const token = `kefu_${randomToken(30)}`;
  const id = newId(ctx.now);
  const scopes = [...new Set(input.scopes?.length ? input.scopes : (['admin'] as const))];
  const expiresAt = input.expiresInDays ? ctx.now + input.expiresInDays * 86_400_000 : null;
  await ctx.tx
    .insertInto('api_tokens')
    .values({
      id,
      account_id: ctx.accountId,
      user_id: ctx.actor.userId,
      name: input.name,
      token_hash: sha256(token),
      created_at: ctx.now,
      last_used_at: null,
      revoked_at: null,
      scopes: scopes.join(' '),
      expires_at: expiresAt,
    })
    .execute();
  return {
    id,
    token,
    scopes,
    expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
  };
}

export async function revokeApiToken(
  ctx: CommandContext,
  input: { tokenId: string },
): Promise<void> {
  if (ctx.actor.kind !== 'user') throw unauthorized();
  const res = await ctx.tx
    .updateTable('api_tokens')
    .set({ revoked_at: ctx.now })
    .where('id', '=', input.tokenId)
    .where('account_id', '=', ctx.accountId)
    .where('user_id', '=', ctx.actor.userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!Number(res.numUpdatedRows)) throw notFound('token');
}

export async function updateProfile(
  ctx: CommandContext,
  input: {
    name?: string;
    locale?: string;
    avatarUrl?: string | null;
    availability?: User['availability'];
    preferences?: Record<string, unknown>;
  },
): Promise<User> {
  if (ctx.actor.kind !== 'user') throw unauthorized();
  const current = await ctx.tx
    .selectFrom('users')
    .selectAll()
    .where('id', '=', ctx.actor.userId)
    .executeTakeFirstOrThrow();
  const prefs = input.preferences
    ? JSON.stringify({ ...JSON.parse(current.preferences), ...input.preferences })
    : undefined;
  const updated = await ctx.tx
    .updateTable('users')
    .set({
      ...(input.name ? { name: input.name } : {}),
      ...(input.locale ? { locale: input.locale } : {}),
      ...(input.avatarUrl !== undefined ? { avatar_url: input.avatarUrl } : {}),
      ...(input.availability ? { availability: input.availability } : {}),
      ...(prefs ? { preferences: prefs } : {}),
      updated_at: ctx.now,
    })
    .where('id', '=', current.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (input.availability && input.availability !== current.availability) {
    await ctx.events.record('user.availability_changed', {
      userId: current.id,
      availability: input.availability,
      previous: current.availability,
    });
  }
  return updated;
}
