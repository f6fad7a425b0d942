/** Login, logout (here / everywhere), profile, password change, personal API tokens. */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  changePassword,
  checkCredentials,
  createApiToken,
  destroySession,
  logoutEverywhere,
  revokeApiToken,
  updateProfile,
} from '../../commands/auth.ts';
import { execute } from '../../commands/context.ts';
import { signInSession } from '../../commands/presence.ts';
import { accountLocked, notFound, unauthorized } from '../../errors.ts';
import { sha256 } from '../../lib/crypto.ts';
import { signChallenge } from '../../lib/two-factor-challenge.ts';
import { hasTwoFactor, twoFactorSummary } from '../../commands/two-factor.ts';
import type { User } from '../../db/types.ts';
import { parseScopes, TOKEN_EXPIRY_DAYS, TOKEN_SCOPES } from '../../policies/token-scopes.ts';
import { presentUser } from '../../presenters/index.ts';
import type { Services } from '../../services.ts';
import { firstSignIn } from '../../kit/first-sign-in.ts';
import { signInLocked, takeSignInNotices } from '../../kit/sign-in-lock.ts';
import { checkPasswordSignIn } from '../../kit/sign-in-guards.ts';
import { SESSION_COOKIE } from '../auth.ts';
import { defineRoute } from '../route.ts';
import {
  ApiTokenRow,
  CreatedApiToken,
  PasswordChanged,
  SignedIn,
  TwoFactorChallenge,
} from '../sign-in-responses.ts';
import { Email, IdParams, Locale, Password, pathId } from '../schemas.ts';
import { UserSchema } from '../../../../shared/dto.ts';

/** Sets the session cookie (also used by features that sign people in another way, e.g. SSO). */
export function setSessionCookie(
  reply: FastifyReply,
  services: Services,
  token: string,
  expiresAt: number,
) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    expires: new Date(expiresAt),
    secure: services.config.COOKIE_SECURE ?? services.config.NODE_ENV === 'production',
  });
}

export const sessionMaxAgeMs = (services: Services) =>
  services.config.SESSION_MAX_DAYS * 86_400_000;

/**
 * Credentials, with a lock per account on top of the per-IP rate limit: after
 * LOGIN_LOCK_AFTER_FAILURES failed sign-ins for one email within LOGIN_LOCK_MINUTES (from any number
 * of IPs), every sign-in for it is refused until the window ends — whether or not the address
 * exists, so the lock tells nothing about who has an account.
 */
async function signIn(services: Services, email: string, password: string, ip: string | null) {
  await assertNotLocked(services, email);
  try {
    return await checkCredentials(services.database.db, email, password);
  } catch (err) {
    if ((err as { code?: string }).code !== 'invalid_credentials') throw err;
    // no user matched: a pending user added by an admin becomes one now (kit/first-sign-in.ts)
    const created = await firstSignIn(services, email, password);
    if (created) return created;
    await countSignInFailure(services, email, ip);
    throw err;
  }
}

const lockKey = (email: string) => `login-fail:${email.trim().toLowerCase()}`;
/** 429 `account_locked` while the account's sign-ins are locked. */
export async function assertNotLocked(services: Services, email: string) {
  const seen = await services.kv.peek(lockKey(email));
  if (seen.count >= services.config.LOGIN_LOCK_AFTER_FAILURES)
    throw accountLocked(seen.retryAfterSeconds);
}
/**
 * Counts a failed step (wrong password, wrong two-factor code) toward the account's lock. The
 * failure that locks it is logged and told to the lock listeners (kit/sign-in-lock.ts: the
 * account's admins hear of it, the user is told at their next sign-in).
 */
export async function countSignInFailure(services: Services, email: string, ip: string | null) {
  const { LOGIN_LOCK_AFTER_FAILURES: limit, LOGIN_LOCK_MINUTES: minutes } = services.config;
  const key = lockKey(email);
  const r = await services.kv.hit(key, limit, minutes * 60_000);
  if (!r.allowed || r.remaining !== 0) return;
  services.log.warn(
    { account: sha256(key).slice(0, 12), minutes },
    'sign-ins locked for an account after repeated failures',
  );
  const at = services.clock.now();
  const { retryAfterSeconds } = await services.kv.peek(key);
  await signInLocked(services, {
    email: email.trim().toLowerCase(),
    failures: limit,
    ip,
    at,
    until: at + Math.max(1, retryAfterSeconds) * 1000,
  });
}

/** The signed-in user, their account and their two-factor state (login, GET /api/v1/me). */
export const me = async (services: Services, userId: string) => {
  const user = await services.database.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) throw unauthorized();
  const account = await services.database.db
    .selectFrom('accounts')
    .select(['id', 'name', 'slug', 'locale'])
    .where('id', '=', user.account_id)
    .executeTakeFirstOrThrow();
  const twoFactor = await twoFactorSummary(services.database.db, user);
  return { user: presentUser(user), account, twoFactor };
};

/**
 * Opens a session for a user whose sign-in is complete (cookie set), with the account's availability
 * at sign-in (commands/presence.ts); answers like GET /api/v1/me.
 */
export async function startSession(
  services: Services,
  req: FastifyRequest,
  reply: FastifyReply,
  user: User,
) {
  const actor = {
    kind: 'user' as const,
    userId: user.id,
    accountId: user.account_id,
    role: user.role,
  };
  const session = await execute(services, actor, signInSession, {
    userId: user.id,
    userAgent: req.headers['user-agent'] ?? null,
    maxAgeMs: sessionMaxAgeMs(services),
  });
  setSessionCookie(reply, services, session.token, session.expiresAt);
  const notices = await takeSignInNotices(services, user);
  return {
    ...(await me(services, user.id)),
    csrfToken: session.csrfToken,
    ...(notices.length ? { notices } : {}),
  };
}

export const authRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/login',
    auth: 'none',
    summary: 'Log in with email and password',
    tags: ['auth'],
    body: z.strictObject({ email: Email, password: z.string().min(1).max(200) }),
    response: z.union([SignedIn, TwoFactorChallenge]),
    rateLimit: {
      key: 'login',
      limit: (s) => s.config.RATE_LIMIT_LOGIN_PER_MIN,
      windowMs: 60_000,
      by: 'ip',
    },
    handler: async ({ body, req, reply, services }) => {
      const user = await signIn(services, body.email, body.password, req.ip ?? null);
      await checkPasswordSignIn(services, user); // e.g. an account that signs in only with SSO
      // with two-factor, the password alone opens no session: the code goes to /auth/login/2fa
      if (await hasTwoFactor(services.database.db, user.id))
        return {
          twoFactorRequired: true,
          challenge: signChallenge(services.secret, user, services.clock.now()),
        };
      return startSession(services, req, reply, user);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/logout',
    auth: 'user',
    summary: 'End this session',
    tags: ['auth'],
    status: 204,
    handler: async ({ actor, req, reply, services }) => {
      if (req.sessionId) {
        await execute(services, actor, destroySession, { sessionId: req.sessionId });
        services.signals?.endIdentity({ sessionId: req.sessionId });
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/logout-all',
    auth: 'user',
    summary: 'End every session of this user',
    tags: ['auth'],
    /** How many sessions ended. */
    response: z.object({ ended: z.number() }),
    handler: async ({ actor, reply, services }) => {
      if (actor.kind !== 'user') throw unauthorized();
      const ended = await execute(services, actor, logoutEverywhere, { userId: actor.userId });
      services.signals?.endIdentity({ userId: actor.userId, only: 'sessions' });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ended };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/me',
    auth: 'user',
    summary: 'The current user, account, two-factor state and CSRF token',
    tags: ['auth'],
    response: SignedIn,
    handler: async ({ actor, req, services }) => {
      if (actor.kind !== 'user') throw unauthorized();
      return { ...(await me(services, actor.userId)), csrfToken: req.csrfToken ?? null };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/me',
    auth: 'user',
    summary: 'Update profile, language, availability, preferences',
    tags: ['auth'],
    response: z.object({ user: UserSchema }),
    body: z.strictObject({
      name: z.string().trim().min(1).max(100).optional(),
      locale: Locale.optional(),
      avatarUrl: z
        .string()
        .url()
        .max(500)
        .refine((u) => /^https?:/.test(u), 'http(s) only')
        .nullable()
        .optional(),
      availability: z.enum(['online', 'away', 'offline']).optional(),
      preferences: z.record(z.string().max(50), z.unknown()).optional(),
    }),
    handler: async ({ actor, body, services }) => ({
      user: presentUser(await execute(services, actor, updateProfile, body)),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/me/password',
    auth: 'user',
    summary:
      'Change password (revokes every other session; with revokeTokens, every API token too)',
    tags: ['auth'],
    body: z.strictObject({
      currentPassword: z.string().min(1).max(200),
      newPassword: Password,
      revokeTokens: z.boolean().optional(),
    }),
    response: PasswordChanged,
    handler: async ({ actor, body, reply, services }) => {
      if (actor.kind !== 'user') throw unauthorized();
      const session = await execute(services, actor, changePassword, {
        userId: actor.userId,
        maxAgeMs: sessionMaxAgeMs(services),
        ...body,
      });
      // Every other session was revoked: so are the sockets they opened (this one reconnects with the new cookie).
      services.signals?.endIdentity({ userId: actor.userId, only: 'sessions' });
      for (const tokenId of session.revokedTokenIds) services.signals?.endIdentity({ tokenId });
      setSessionCookie(reply, services, session.token, session.expiresAt);
      return { csrfToken: session.csrfToken, revokedTokens: session.revokedTokenIds.length };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/me/tokens',
    auth: 'user',
    summary: 'List personal API tokens',
    tags: ['auth'],
    response: z.object({ data: z.array(ApiTokenRow) }),
    handler: async ({ actor, services }) => {
      if (actor.kind !== 'user') throw unauthorized();
      const rows = await services.database.db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'created_at', 'last_used_at', 'scopes', 'expires_at'])
        .where('user_id', '=', actor.userId)
        .where('revoked_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute();
      return {
        data: rows.map((r) => ({
          id: r.id,
          name: r.name,
          createdAt: new Date(Number(r.created_at)).toISOString(),
          lastUsedAt: r.last_used_at ? new Date(Number(r.last_used_at)).toISOString() : null,
          scopes: parseScopes(r.scopes),
          expiresAt: r.expires_at ? new Date(Number(r.expires_at)).toISOString() : null,
        })),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/me/tokens',
    auth: 'user',
    summary: 'Create a personal API token (shown once) with scopes and an optional expiry',
    tags: ['auth'],
    status: 201,
    body: z.strictObject({
      name: z.string().trim().min(1).max(100),
      scopes: z.array(z.enum(TOKEN_SCOPES)).min(1).max(3).default(['admin']),
      /** Days until it expires (TOKEN_EXPIRY_DAYS); null or absent: never. */
      expiresInDays: z.union([z.literal(TOKEN_EXPIRY_DAYS), z.null()]).optional(),
    }),
    response: CreatedApiToken,
    handler: async ({ actor, body, services }) => execute(services, actor, createApiToken, body),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/me/tokens/:id',
    auth: 'user',
    summary: 'Revoke a personal API token',
    tags: ['auth'],
    status: 204,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      const id = pathId(params.id);
      if (!id) throw notFound('token');
      await execute(services, actor, revokeApiToken, { tokenId: id });
      services.signals?.endIdentity({ tokenId: id });
    },
  }),
];
