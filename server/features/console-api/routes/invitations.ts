/**
 * Invitations by one-time link: list, invite, revoke (admins), and the invitee's lookup and accept
 * (no session; limited per IP). See commands/invitations.ts.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { Email, IdParams, Locale, Password, Role, pathId } from '../../../core/http/schemas.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { authorize } from '../../../core/policies/can.ts';
import type { Services } from '../../../core/services.ts';
import { acceptInvitation, createInvitation, revokeInvitation } from '../commands/invitations.ts';
import { iso, presentInvitation } from '../domain/invitations.ts';
import { findUsableInvitation, invitingAccount, listInvitations } from '../store/invitations.ts';
import { consoleResponses } from '../responses.ts';

export function inviteUrl(services: Services, req: FastifyRequest, token: string): string {
  const origin =
    services.config.PUBLIC_URL?.replace(/\/+$/, '') ??
    `${req.protocol}://${req.headers.host ?? 'localhost'}`;
  return `${origin}/app/accept-invite?token=${encodeURIComponent(token)}`;
}

const Token = z
  .string()
  .min(20)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/);
const perIp = (key: string) => ({
  key,
  limit: (s: Services) => s.config.RATE_LIMIT_LOGIN_PER_MIN,
  windowMs: 60_000,
  by: 'ip' as const,
});

export const invitationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/invitations',
    auth: 'user',
    summary: 'Invitations of the account (newest first)',
    tags: ['users'],
    response: consoleResponses.Invitations,
    handler: async ({ actor, services }) => {
      authorize(actor, 'user.manage');
      const rows = await listInvitations(services.database.db, actor.accountId);
      const now = services.clock.now();
      return { data: rows.map((r) => presentInvitation(r, now)) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/invitations',
    auth: 'user',
    summary: 'Invite someone by email; returns the one-time link (shown once)',
    tags: ['users'],
    response: consoleResponses.InvitationCreated,
    status: 201,
    body: z.strictObject({ email: Email, role: Role.default('agent') }),
    handler: async ({ actor, body, req, services }) => {
      const { invitation, token } = await execute(services, actor, createInvitation, body);
      return { invitation, token, url: inviteUrl(services, req, token) };
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/invitations/:id',
    auth: 'user',
    summary: 'Revoke a pending invitation',
    tags: ['users'],
    status: 204,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      const id = pathId(params.id);
      if (!id) throw notFound('invitation');
      await execute(services, actor, revokeInvitation, { id });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/invitations/lookup',
    auth: 'none',
    summary: 'What an invitation link is for (email, role, account)',
    tags: ['users'],
    response: consoleResponses.InvitationLookup,
    query: z.strictObject({ token: Token }),
    rateLimit: perIp('invite-lookup'),
    handler: async ({ query, services }) => {
      const row = await findUsableInvitation(
        services.database.db,
        query.token,
        services.clock.now(),
      );
      const account = await invitingAccount(services.database.db, row.account_id);
      return {
        email: row.email,
        role: row.role,
        account: { name: account.name, locale: account.locale },
        expiresAt: iso(row.expires_at),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/invitations/accept',
    auth: 'none',
    summary: 'Accept an invitation: choose a name and password (then log in)',
    tags: ['users'],
    response: consoleResponses.InvitationAccepted,
    body: z.strictObject({
      token: Token,
      name: z.string().trim().min(1).max(100),
      password: Password,
      locale: Locale.optional(),
    }),
    rateLimit: perIp('invite-accept'),
    handler: async ({ body, services }) => {
      const row = await findUsableInvitation(
        services.database.db,
        body.token,
        services.clock.now(),
      );
      const { user } = await execute(
        services,
        systemActor(row.account_id, 'invitation'),
        acceptInvitation,
        body,
      );
      return { email: user.email, name: user.name, role: user.role };
    },
  }),
];
