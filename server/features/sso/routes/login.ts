/**
 * GET /api/v1/sso/start?email=… (or ?account=<slug>) → 302 to the IdP, with the pending sign-in in a
 * sealed cookie; GET /api/v1/sso/callback → checks state, finishes the sign-in (flow.ts), creates the
 * session exactly as a password sign-in does and → 302 /app/inbox. Every failure → 302
 * /app/login?sso_error=<code> (errors.ts), never a JSON page in the person's browser.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { signInSession } from '../../../core/commands/presence.ts';
import { execute } from '../../../core/commands/context.ts';
import { isAppError, rateLimited } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { sessionMaxAgeMs, setSessionCookie } from '../../../core/http/routes/auth.ts';
import { safeEqual } from '../../../core/lib/crypto.ts';
import type { Services } from '../../../core/services.ts';
import { isSsoFlowError, ssoError } from '../errors.ts';
import { finishLogin, startLogin } from '../flow.ts';
import { clearLoginCookie, readLoginCookie, setLoginCookie } from '../login-state.ts';

export const LOGIN_PAGE = '/app/login';
export const AFTER_LOGIN = '/app/inbox';
const CALLBACK_PATH = '/api/v1/sso/callback';

/** The redirect URI to register at the IdP: PUBLIC_URL when set, else this request's origin. */
export function redirectUriFor(req: FastifyRequest, services: Services): string {
  const base = services.config.PUBLIC_URL ?? `${req.protocol}://${req.host}`;
  return `${base.replace(/\/+$/, '')}${CALLBACK_PATH}`;
}

function fail(reply: FastifyReply, services: Services, err: unknown) {
  if (isAppError(err) && (isSsoFlowError(err.code) || err.code === 'rate_limited')) {
    const cause = (err as { cause?: { message?: string } }).cause?.message;
    services.log.warn({ code: err.code, cause }, 'sign-in with SSO failed');
    return reply.redirect(`${LOGIN_PAGE}?sso_error=${err.code}`, 302);
  }
  services.log.error({ err }, 'sign-in with SSO failed unexpectedly');
  return reply.redirect(`${LOGIN_PAGE}?sso_error=internal_error`, 302);
}

/** Per IP, like the password sign-in: each leg counts against RATE_LIMIT_LOGIN_PER_MIN. */
async function limit(services: Services, req: FastifyRequest, leg: string) {
  const r = await services.kv.hit(
    `sso-${leg}:${req.ip}`,
    services.config.RATE_LIMIT_LOGIN_PER_MIN,
    60_000,
  );
  if (!r.allowed) throw rateLimited(r.retryAfterSeconds);
}

const text = (max: number) => z.string().max(max).optional();

export const loginRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/sso/start',
    auth: 'none',
    summary: 'Start a sign-in with SSO (redirects to the identity provider)',
    tags: ['sso'],
    status: 302,
    query: z.object({ email: text(254), account: text(100) }),
    handler: async ({ query, req, reply, services }) => {
      try {
        await limit(services, req, 'start');
        const email = query.email?.trim() || undefined;
        const slug = query.account?.trim() || undefined;
        if (!email && !slug) throw ssoError('sso_not_configured');
        const { url, login } = await startLogin(
          services,
          email ? { email } : { slug },
          redirectUriFor(req, services),
        );
        setLoginCookie(reply, services, login);
        return reply.redirect(url, 302);
      } catch (err) {
        return fail(reply, services, err);
      }
    },
  }),
  defineRoute({
    method: 'GET',
    url: CALLBACK_PATH,
    auth: 'none',
    summary: 'The identity provider returns here; signs in and redirects to the console',
    tags: ['sso'],
    status: 302,
    query: z.object({
      code: text(4096),
      state: text(512),
      iss: text(2048),
      error: text(200),
      error_description: text(2000),
    }),
    handler: async ({ query, req, reply, services }) => {
      const login = readLoginCookie(req, services, services.clock.now());
      clearLoginCookie(reply); // one answer per pending sign-in
      try {
        await limit(services, req, 'callback');
        if (!login) throw ssoError('sso_login_expired');
        if (!query.state || !safeEqual(query.state, login.state))
          throw ssoError('sso_state_mismatch');
        const user = await finishLogin(services, login, query);
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
        req.actor = actor; // who signed in, for whoever records requests (the audit log)
        return reply.redirect(AFTER_LOGIN, 302);
      } catch (err) {
        return fail(reply, services, err);
      }
    },
  }),
];
