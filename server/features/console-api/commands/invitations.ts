/**
 * Invitations: an admin invites someone by email with a role and gets a one-time link to hand over
 * (no SMTP needed). The token is random (256 bits), stored only as its SHA-256, expires after
 * INVITATION_TTL_MS and works once: accepting creates the user with the name and password chosen.
 *
 * The commands: invite (or record a pending user, see routes/users.ts), revoke, accept.
 */
import { createUser } from '../../../core/commands/accounts.ts';
import type { CommandContext } from '../../../core/commands/context.ts';
import { conflict, forbidden, notFound } from '../../../core/errors.ts';
import { sha256 } from '../../../core/lib/crypto.ts';
import { newId, randomToken } from '../../../core/lib/ids.ts';
import { authorize, ROLE_RANK } from '../../../core/policies/can.ts';
import { INVITATION_TTL_MS, invalidToken, presentInvitation } from '../domain/invitations.ts';
import { findUsableInvitation } from '../store/invitations.ts';
import type { InvitationsTable } from '../tables.ts';

/** A pending user (routes/users.ts) also brings the name, language and password hash the admin chose. */
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
