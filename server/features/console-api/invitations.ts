/**
 * Invitations: an admin invites someone by email with a role and gets a one-time link to hand over
 * (no SMTP needed). The token is random (256 bits), stored only as its SHA-256, expires after
 * INVITATION_TTL_MS and works once: accepting creates the user with the name and password chosen.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createUser } from '../../core/commands/accounts.ts';
import { execute, type CommandContext } from '../../core/commands/context.ts';
import type { Executor } from '../../core/db/client.ts';
import type { InvitationsTable } from './tables.ts';
import { AppError, conflict, forbidden, notFound } from '../../core/errors.ts';
import type { InvitationDTO } from './events.ts';
import { defineRoute } from '../../core/http/route.ts';
import { Email, IdParams, Locale, Password, Role, pathId } from '../../core/http/schemas.ts';
import { sha256 } from '../../core/lib/crypto.ts';
import { newId, randomToken } from '../../core/lib/ids.ts';
import { systemActor } from '../../core/policies/actor.ts';
import { authorize, ROLE_RANK } from '../../core/policies/can.ts';
import type { Services } from '../../core/services.ts';
import { consoleResponses } from './responses.ts';

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
const iso = (ms: number | null) => (ms == null ? null : new Date(Number(ms)).toISOString());

export function invitationStatus(
  r: Pick<InvitationsTable, 'accepted_at' | 'revoked_at' | 'expires_at'>,
  now: number,
): InvitationDTO['status'] {
  if (r.accepted_at != null) return 'accepted';
  if (r.revoked_at != null) return 'revoked';
  return Number(r.expires_at) <= now ? 'expired' : 'pending';
}

export function presentInvitation(r: InvitationsTable, now: number): InvitationDTO {
  return {
    id: r.id,
    email: r.email,
    role: r.role,
    invitedBy: r.invited_by,
    createdAt: iso(r.created_at)!,
    expiresAt: iso(r.expires_at)!,
    acceptedAt: iso(r.accepted_at),
    revokedAt: iso(r.revoked_at),
    status: invitationStatus(r, now),
    activation: r.password_hash ? 'sign_in' : 'link',
  };
}

/** A pending user (users.ts) also brings the name, language and password hash the admin chose. */
export interface PendingProfile {
  name: string;
  locale: string | null;
  passwordHash: string;
}

export async function createInvitation(
  ctx: CommandContext,
  input: { email: string; role: InvitationsTable['role']; pending?: PendingProfile },
) {
  authorize(ctx.actor, 'user.manage');
  if (ctx.actor.kind !== 'user') throw forbidden();
  if (ROLE_RANK[input.role] > ROLE_RANK[ctx.actor.role])
    throw forbidden('You cannot invite someone with a higher role than yours.');
  const email = input.email.trim().toLowerCase();
  // Only this account's users are checked: an address used in another account is invited like any
  // other (the answer must not tell one tenant who has an account elsewhere); accepting it then
  // fails with email_taken, which only the invitee sees.
  const user = await ctx.tx
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .where('account_id', '=', ctx.accountId)
    .executeTakeFirst();
  if (user) throw conflict('email_taken', 'A user with this email already exists.');
  // A new invitation replaces any pending one for the same address.
  await ctx.tx
    .updateTable('invitations')
    .set({ revoked_at: ctx.now })
    .where('account_id', '=', ctx.accountId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
  const token = randomToken(32);
  const row: InvitationsTable = {
    id: newId(ctx.now),
    account_id: ctx.accountId,
    email,
    role: input.role,
    token_hash: sha256(token),
    invited_by: ctx.actor.userId,
    created_at: ctx.now,
    expires_at: ctx.now + INVITATION_TTL_MS,
    accepted_at: null,
    accepted_user_id: null,
    revoked_at: null,
    name: input.pending?.name ?? null,
    locale: input.pending?.locale ?? null,
    password_hash: input.pending?.passwordHash ?? null,
  };
  await ctx.tx.insertInto('invitations').values(row).execute();
  const invitation = presentInvitation(row, ctx.now);
  await ctx.events.record('invitation.created', { invitation });
  return { invitation, token };
}

export async function revokeInvitation(ctx: CommandContext, input: { id: string }) {
  authorize(ctx.actor, 'user.manage');
  const row = await ctx.tx
    .updateTable('invitations')
    .set({ revoked_at: ctx.now })
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('invitation');
  await ctx.events.record('invitation.revoked', { invitation: presentInvitation(row, ctx.now) });
}

const invalidToken = () =>
  new AppError(
    'invitation_invalid',
    404,
    'This invitation link is invalid, was already used or was revoked.',
  );
const expiredToken = () =>
  new AppError(
    'invitation_expired',
    410,
    'This invitation link has expired; ask an administrator for a new one.',
  );

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

export async function acceptInvitation(
  ctx: CommandContext,
  input: { token: string; name: string; password: string; locale?: 'zh-CN' | 'en' },
) {
  const row = await findUsableInvitation(ctx.tx, input.token, ctx.now);
  if (row.account_id !== ctx.accountId) throw invalidToken();
  // Single use even under concurrent accepts: only one UPDATE matches the still-unaccepted row.
  const claimed = await ctx.tx
    .updateTable('invitations')
    .set({ accepted_at: ctx.now })
    .where('id', '=', row.id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!Number(claimed.numUpdatedRows)) throw invalidToken();
  const user = await createUser(ctx, {
    email: row.email,
    name: input.name,
    password: input.password,
    role: row.role,
    locale: input.locale,
  });
  await ctx.tx
    .updateTable('invitations')
    .set({ accepted_user_id: user.id })
    .where('id', '=', row.id)
    .execute();
  const invitation = presentInvitation(
    { ...row, accepted_at: ctx.now, accepted_user_id: user.id },
    ctx.now,
  );
  await ctx.events.record('invitation.accepted', { invitation, userId: user.id });
  return { user, invitation };
}

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
      const rows = await services.database.db
        .selectFrom('invitations')
        .selectAll()
        .where('account_id', '=', actor.accountId)
        .orderBy('created_at', 'desc')
        .limit(200)
        .execute();
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
      const account = await services.database.db
        .selectFrom('accounts')
        .select(['name', 'locale'])
        .where('id', '=', row.account_id)
        .executeTakeFirstOrThrow();
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
