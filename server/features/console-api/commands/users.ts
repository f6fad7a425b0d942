/**
 * Pending users (routes/users.ts explains why POST /api/v1/users records one instead of a user):
 * `activatePending` runs at a sign-in for an address without a user (registered by feature.ts in
 * core/kit/first-sign-in.ts) and creates the user of the pending entry whose password matches.
 */
import { createUser } from '../../../core/commands/accounts.ts';
import { type CommandContext, execute } from '../../../core/commands/context.ts';
import type { User } from '../../../core/db/types.ts';
import { AppError } from '../../../core/errors.ts';
import { verifyPassword } from '../../../core/lib/crypto.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import type { Services } from '../../../core/services.ts';
import { presentInvitation } from '../domain/invitations.ts';
import { pendingUsers, userWithEmail } from '../store/invitations.ts';

/** Pending users of one address tried at a sign-in, at most (one per account that added it). */
const MAX_PENDING_TRIED = 5;

/** The first sign-in of a pending user: the user is created in the account that added them. */
async function activate(ctx: CommandContext, input: { id: string; password: string }) {
  const row = await ctx.tx
    .selectFrom('invitations')
    .selectAll()
    .where('id', '=', input.id)
    .where('account_id', '=', ctx.accountId)
    .executeTakeFirstOrThrow();
  // single use even under concurrent sign-ins: only one UPDATE matches the still-pending row
  const claimed = await ctx.tx
    .updateTable('invitations')
    .set({ accepted_at: ctx.now })
    .where('id', '=', row.id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!Number(claimed.numUpdatedRows)) return null;
  const user = await createUser(ctx, {
    email: row.email,
    name: row.name ?? row.email,
    password: input.password,
    role: row.role,
    locale: row.locale ?? undefined,
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
  return user;
}

/** A sign-in for an address without a user: the pending user whose password matches, activated. */
export async function activatePending(
  services: Services,
  rawEmail: string,
  password: string,
): Promise<User | null> {
  const db = services.database.db;
  const email = rawEmail.trim().toLowerCase();
  const now = services.clock.now();
  if (await userWithEmail(db, email)) return null;
  const pending = await pendingUsers(db, email, now, MAX_PENDING_TRIED);
  for (const p of pending) {
    if (!(await verifyPassword(p.password_hash!, password))) continue;
    try {
      return await execute(services, systemActor(p.account_id, 'invitation'), activate, {
        id: p.id,
        password,
      });
    } catch (err) {
      // another sign-in created the user a moment ago: the normal check answers next time
      if (err instanceof AppError && err.code === 'email_taken') return null;
      throw err;
    }
  }
  return null;
}
