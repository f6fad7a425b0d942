/**
 * Two-factor authentication (commands/two-factor.ts): my enrolment, recovery codes and disabling;
 * the second step of a sign-in; the account's "require two-factor for owners and admins" setting;
 * an admin's reset of another user's two-factor.
 */
import { z } from 'zod';
import { execute } from '../../commands/context.ts';
import {
  disableTwoFactor,
  enableTwoFactor,
  ENFORCED_ROLES,
  regenerateRecoveryCodes,
  requiresTwoFactor,
  resetTwoFactor,
  setRequireTwoFactor,
  setupTwoFactor,
  twoFactorStatus,
  verifySecondFactor,
} from '../../commands/two-factor.ts';
import { AppError, badInput, forbidden, notFound, unauthorized } from '../../errors.ts';
import { verifyPassword } from '../../lib/crypto.ts';
import { verifyChallenge } from '../../lib/two-factor-challenge.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize, ROLE_RANK } from '../../policies/can.ts';
import type { Services } from '../../services.ts';
import { checkPasswordSignIn } from '../../kit/sign-in-guards.ts';
import { defineRoute } from '../route.ts';
import { SignedIn } from '../sign-in-responses.ts';
import { IdParams, pathId } from '../schemas.ts';
import { assertNotLocked, countSignInFailure, startSession } from './auth.ts';

const Code = z.string().trim().min(6).max(20);
const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
const Status = z.object({
  enabled: z.boolean(),
  pending: z.boolean(),
  recoveryCodesLeft: z.number(),
  /** The account requires two-factor for this user's role. */
  required: z.boolean(),
});
const Security = z.object({ requireTwoFactor: z.boolean() });
/** A few tries a minute for the profile's code checks (the sign-in step counts toward the lock). */
const perActor = { key: '2fa', limit: () => 10, windowMs: 60_000, by: 'actor' as const };

const userId = (actor: Actor) => {
  if (actor.kind !== 'user') throw unauthorized();
  return actor.userId;
};

async function accountSettings(services: Services, accountId: string) {
  const a = await services.database.db
    .selectFrom('accounts')
    .select('settings')
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!a) throw notFound('account');
  return a.settings;
}

export const twoFactorRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/me/2fa',
    auth: 'user',
    summary: 'My two-factor state',
    tags: ['auth'],
    response: Status,
    handler: async ({ actor, services }) => {
      const status = await twoFactorStatus(services.database.db, userId(actor));
      const required =
        actor.kind === 'user' &&
        ENFORCED_ROLES.has(actor.role) &&
        requiresTwoFactor(await accountSettings(services, actor.accountId));
      return { ...status, required };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/me/2fa/setup',
    auth: 'user',
    summary: 'Start two-factor enrolment: a new secret and its otpauth:// URI (shown once)',
    tags: ['auth'],
    response: z.object({ secret: z.string(), otpauthUri: z.string() }),
    rateLimit: perActor,
    handler: async ({ actor, services }) =>
      execute(services, actor, setupTwoFactor, { serverSecret: services.secret }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/me/2fa/enable',
    auth: 'user',
    summary: 'Finish enrolment with a first code; answers the 10 recovery codes (shown once)',
    tags: ['auth'],
    body: z.strictObject({ code: Code }),
    response: RecoveryCodes,
    rateLimit: perActor,
    handler: async ({ actor, body, services }) =>
      execute(services, actor, enableTwoFactor, { serverSecret: services.secret, code: body.code }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/me/2fa/disable',
    auth: 'user',
    summary: 'Turn two-factor off (password and a code or recovery code)',
    tags: ['auth'],
    status: 204,
    body: z.strictObject({ password: z.string().min(1).max(200), code: Code }),
    rateLimit: perActor,
    handler: async ({ actor, body, services }) => {
      const user = await services.database.db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', userId(actor))
        .executeTakeFirstOrThrow();
      if (!(await verifyPassword(user.password_hash, body.password)))
        throw badInput('invalid_credentials', 'The password is incorrect.');
      await execute(services, actor, disableTwoFactor, {
        serverSecret: services.secret,
        code: body.code,
      });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/me/2fa/recovery-codes',
    auth: 'user',
    summary: 'New recovery codes (the old ones stop working); needs a current code',
    tags: ['auth'],
    body: z.strictObject({ code: Code }),
    response: RecoveryCodes,
    rateLimit: perActor,
    handler: async ({ actor, body, services }) =>
      execute(services, actor, regenerateRecoveryCodes, {
        serverSecret: services.secret,
        code: body.code,
      }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/auth/login/2fa',
    auth: 'none',
    summary: 'Second sign-in step: the challenge from /auth/login and a code or recovery code',
    tags: ['auth'],
    body: z.strictObject({
      challenge: z.string().min(1).max(1024),
      code: z.string().trim().min(6).max(10).optional(),
      recoveryCode: z.string().trim().min(6).max(30).optional(),
    }),
    response: SignedIn,
    rateLimit: {
      key: 'login-2fa',
      limit: (s) => s.config.RATE_LIMIT_LOGIN_PER_MIN,
      windowMs: 60_000,
      by: 'ip',
    },
    handler: async ({ body, req, reply, services }) => {
      if (!body.code === !body.recoveryCode)
        throw badInput('invalid_request', 'Send either a code or a recovery code.');
      const claims = verifyChallenge(services.secret, body.challenge, services.clock.now());
      const user = claims
        ? await services.database.db
            .selectFrom('users')
            .selectAll()
            .where('id', '=', claims.userId)
            .executeTakeFirst()
        : undefined;
      if (!claims || !user || user.disabled_at) throw challengeExpired();
      if (Number(user.password_changed_at) !== claims.passwordChangedAt) throw challengeExpired();
      await assertNotLocked(services, user.email);
      const actor = {
        kind: 'user' as const,
        userId: user.id,
        accountId: user.account_id,
        role: user.role,
      };
      try {
        await execute(services, actor, verifySecondFactor, {
          serverSecret: services.secret,
          userId: user.id,
          code: body.code,
          recoveryCode: body.recoveryCode,
        });
      } catch (err) {
        if ((err as { code?: string }).code === 'invalid_two_factor_code')
          await countSignInFailure(services, user.email, req.ip ?? null);
        throw err;
      }
      await checkPasswordSignIn(services, user);
      return startSession(services, req, reply, user);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/account/security',
    auth: 'user',
    summary: "The account's sign-in security settings",
    tags: ['account'],
    response: Security,
    handler: async ({ actor, services }) => ({
      requireTwoFactor: requiresTwoFactor(await accountSettings(services, actor.accountId)),
    }),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/account/security',
    auth: 'user',
    summary: 'Require two-factor for owners and admins (owners and admins with two-factor on)',
    tags: ['account'],
    body: z.strictObject({ requireTwoFactor: z.boolean() }),
    response: Security,
    handler: async ({ actor, body, services }) =>
      execute(services, actor, setRequireTwoFactor, body),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/users/:id/2fa',
    auth: 'user',
    summary: "Clear another user's two-factor (admins; not of a higher role)",
    tags: ['users'],
    status: 204,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'user.manage');
      const id = pathId(params.id);
      const target = id
        ? await services.database.db
            .selectFrom('users')
            .select(['id', 'role'])
            .where('id', '=', id)
            .where('account_id', '=', actor.accountId)
            .executeTakeFirst()
        : undefined;
      if (!target) throw notFound('user');
      if (actor.kind !== 'user' || ROLE_RANK[target.role] > ROLE_RANK[actor.role])
        throw forbidden();
      await execute(services, actor, resetTwoFactor, { userId: target.id });
    },
  }),
];

const challengeExpired = () =>
  new AppError(
    'challenge_expired',
    401,
    'The sign-in took too long or is no longer valid; enter your password again.',
  );
