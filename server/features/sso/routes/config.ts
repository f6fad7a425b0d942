/**
 * GET/PUT /api/v1/sso: the account's OpenID Connect settings (admins and owners). The client secret
 * is write-only: sealed at rest (core/lib/secret-box.ts), never returned (`clientSecretSet` tells whether there is
 * one); omitting it, or sending an empty string, keeps the stored one. Switching SSO on checks the
 * IdP's discovery document first (400 `sso_discovery_failed`).
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { badInput, forbidden, invalid, isAppError } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { authorize } from '../../../core/policies/can.ts';
import type { Actor } from '../../../core/policies/actor.ts';
import { seal } from '../../../core/lib/secret-box.ts';
import type { Services } from '../../../core/services.ts';
import { acceptableUrl, discover } from '../oidc.ts';
import { getConfig, type SsoConfig, saveConfig, secretPurpose } from '../store.ts';
import { redirectUriFor } from './login.ts';

const ROLES = ['agent', 'supervisor', 'admin'] as const;

const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/, 'a domain name');

const SsoBody = z.strictObject({
  enabled: z.boolean(),
  issuer: z.string().trim().max(500),
  clientId: z.string().trim().max(500),
  clientSecret: z.string().max(4000).optional(),
  allowedDomains: z.array(Domain).max(50),
  defaultRole: z.enum(ROLES).default('agent'),
  ssoOnly: z.boolean().default(false),
  trustEmails: z.boolean().default(false),
});

/** What GET and PUT answer; strict, so a secret can never ride along. */
const SsoAnswer = z.strictObject({
  sso: z.strictObject({
    enabled: z.boolean(),
    issuer: z.string(),
    clientId: z.string(),
    clientSecretSet: z.boolean(),
    allowedDomains: z.array(z.string()),
    defaultRole: z.enum(ROLES),
    ssoOnly: z.boolean(),
    trustEmails: z.boolean(),
    updatedAt: z.string().nullable(),
  }),
  /** Register this at the IdP. */
  redirectUri: z.string(),
  /** A sign-in link for this account (by slug), e.g. for an intranet portal. */
  startUrl: z.string(),
});

const present = (c: SsoConfig | null) => ({
  enabled: c?.enabled ?? false,
  issuer: c?.issuer ?? '',
  clientId: c?.clientId ?? '',
  clientSecretSet: !!c?.clientSecretSealed,
  allowedDomains: c?.allowedDomains ?? [],
  defaultRole: c?.defaultRole ?? 'agent',
  ssoOnly: c?.ssoOnly ?? false,
  trustEmails: c?.trustEmails ?? false,
  updatedAt: c ? new Date(c.updatedAt).toISOString() : null,
});

async function answer(services: Services, req: FastifyRequest, actor: Actor, c: SsoConfig | null) {
  const account = await services.database.db
    .selectFrom('accounts')
    .select('slug')
    .where('id', '=', actor.accountId)
    .executeTakeFirstOrThrow();
  const callback = redirectUriFor(req, services);
  return {
    sso: present(c),
    redirectUri: callback,
    startUrl: `${callback.replace(/callback$/, 'start')}?account=${encodeURIComponent(account.slug)}`,
  };
}

export const configRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/sso',
    auth: 'user',
    summary: 'Single sign-on settings of the account (the client secret is never returned)',
    tags: ['sso'],
    response: SsoAnswer,
    handler: async ({ actor, req, services }) => {
      authorize(actor, 'account.manage');
      return answer(services, req, actor, await getConfig(services.database.db, actor.accountId));
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/sso',
    auth: 'user',
    summary: 'Save the single sign-on settings (OpenID Connect)',
    tags: ['sso'],
    body: SsoBody,
    response: SsoAnswer,
    handler: async ({ actor, body, req, services }) => {
      if (actor.kind !== 'user') throw forbidden();
      authorize(actor, 'account.manage');
      const allowPrivate = services.config.allowPrivateOutbound;
      const current = await getConfig(services.database.db, actor.accountId);
      const secret = body.clientSecret?.trim() || undefined;
      const issues: Array<{ path: string; message: string }> = [];
      if (body.issuer && !acceptableUrl(body.issuer, allowPrivate))
        issues.push({ path: 'body.issuer', message: 'an https URL' });
      if (body.enabled) {
        if (!body.issuer) issues.push({ path: 'body.issuer', message: 'required' });
        if (!body.clientId) issues.push({ path: 'body.clientId', message: 'required' });
        if (!secret && !current?.clientSecretSealed)
          issues.push({ path: 'body.clientSecret', message: 'required' });
        if (!body.allowedDomains.length)
          issues.push({ path: 'body.allowedDomains', message: 'at least one domain' });
      }
      if (issues.length) throw invalid(issues);
      if (body.enabled) {
        try {
          await discover(body.issuer, allowPrivate, services.clock.now());
        } catch (err) {
          const cause = (err as { cause?: { message?: string } }).cause?.message;
          if (!isAppError(err)) throw err;
          throw badInput(
            'sso_discovery_failed',
            `The identity provider's discovery document could not be read: ${cause ?? err.message}`,
          );
        }
      }
      const saved = await execute(services, actor, saveConfig, {
        enabled: body.enabled,
        issuer: body.issuer,
        clientId: body.clientId,
        clientSecretSealed: secret
          ? seal(services.secret, secretPurpose(actor.accountId), secret)
          : undefined,
        allowedDomains: body.allowedDomains,
        defaultRole: body.defaultRole,
        ssoOnly: body.ssoOnly,
        trustEmails: body.trustEmails,
      });
      return answer(services, req, actor, saved);
    },
  }),
];
