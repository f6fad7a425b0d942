/**
 * What a sign-in answers (response schemas of POST /api/v1/auth/login and /auth/login/2fa, GET
 * /api/v1/me): the user, account, two-factor state and CSRF token; or, for a user with two-factor,
 * the challenge the second step needs. Also personal API tokens and the password change.
 */
import { z } from 'zod';
import { AccountSchema, SignInNoticeSchema, UserSchema } from '../../../shared/dto.ts';

export const SignedIn = z.object({
  user: UserSchema,
  account: AccountSchema,
  /** Two-factor on; whether the account makes this user enrol before anything else. */
  twoFactor: z.object({ enabled: z.boolean(), enrolmentRequired: z.boolean() }),
  csrfToken: z.string().nullable(),
  /** A sign-in only: what happened since the last one, shown once (e.g. the account was locked). */
  notices: z.array(SignInNoticeSchema).optional(),
});

/** The password was right; the session waits for POST /api/v1/auth/login/2fa with this challenge. */
export const TwoFactorChallenge = z.object({
  twoFactorRequired: z.literal(true),
  /** Signed, bound to the user and their password, valid 5 minutes. */
  challenge: z.string(),
});

/** A personal API token as listed (GET /api/v1/me/tokens); the token itself is shown only at creation. */
export const ApiTokenRow = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  scopes: z.array(z.string()),
  expiresAt: z.string().nullable(),
});
export const CreatedApiToken = z.object({
  id: z.string(),
  token: z.string(),
  scopes: z.array(z.string()),
  expiresAt: z.string().nullable(),
});
/** POST /api/v1/me/password: the new session's CSRF token; how many API tokens were revoked. */
export const PasswordChanged = z.object({ csrfToken: z.string(), revokedTokens: z.number() });
