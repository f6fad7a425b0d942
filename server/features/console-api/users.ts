/**
 * Adding a user with a password (POST /api/v1/users) without telling one tenant who has an account
 * in another.
 *
 * Emails are unique across the whole server (sign-in is by email alone), so an address that already
 * belongs to another account cannot become a user here. Creating the user at once for a free
 * address, and doing anything else for a taken one, shows in what this account reads afterwards
 * (its user list, ids that work elsewhere in the API). So the route never creates the user: for
 * every address it records a *pending user* — an invitation carrying the name, role, language and
 * the hash of the password the admin chose — and answers with it. The only branch is on this
 * account's own users (409 `email_taken`: the admin knows them). No query reads another account's
 * users, so the answer (status, body, headers, timing), the invitation list, the events and the
 * audit log are the same for a free and a taken address.
 *
 * The person becomes a user on their first sign-in with that email and password (`activatePending`,
 * through core/kit/first-sign-in.ts). For a taken address that never happens — a sign-in finds the
 * existing user and checks their own password — and the pending user expires after
 * INVITATION_TTL_MS, exactly like one nobody used. What remains is what any invitation link leaves:
 * someone holding the chosen credentials can try them (a sign-in, not a read).
 */
import { z } from 'zod';
import { createUser } from '../../core/commands/accounts.ts';
import { type CommandContext, execute } from '../../core/commands/context.ts';
import type { User } from '../../core/db/types.ts';
import { AppError } from '../../core/errors.ts';
import { defineRoute } from '../../core/http/route.ts';
import { Email, Locale, Password, Role } from '../../core/http/schemas.ts';
import { addFirstSignIn } from '../../core/kit/first-sign-in.ts';
import { hashPassword, verifyPassword } from '../../core/lib/crypto.ts';
import { systemActor } from '../../core/policies/actor.ts';
import { authorize } from '../../core/policies/can.ts';
import type { Services } from '../../core/services.ts';
import { InvitationSchema } from '../../../shared/dto.ts';
import { createInvitation, presentInvitation } from './invitations.ts';

/** The pending user: an invitation with activation `sign_in` (listed by GET /api/v1/invitations). */
const PendingUser = InvitationSchema.extend({ name: z.string(), locale: z.string().nullable() });

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
  if (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())
    return null;
  const pending = await db
    .selectFrom('invitations')
    .select(['id', 'account_id', 'password_hash'])
    .where('email', '=', email)
    .where('password_hash', 'is not', null)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at')
    .limit(MAX_PENDING_TRIED)
    .execute();
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
addFirstSignIn(activatePending);

export const userRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/users',
    auth: 'user',
    summary:
      'Add a user with a password: a pending user, activated by their first sign-in (the same answer whether or not the address has an account elsewhere)',
    tags: ['users'],
    response: PendingUser,
    status: 201,
    body: z.strictObject({
      email: Email,
      name: z.string().trim().min(1).max(100),
      password: Password,
      role: Role.default('agent'),
      locale: Locale.optional(),
    }),
    handler: async ({ actor, body, services }) => {
      authorize(actor, 'user.manage'); // before the (deliberately slow) hash
      const passwordHash = await hashPassword(body.password); // outside the transaction: slow on purpose
      const { invitation } = await execute(services, actor, createInvitation, {
        email: body.email,
        role: body.role,
        pending: { name: body.name, locale: body.locale ?? null, passwordHash },
      });
      return { ...invitation, name: body.name, locale: body.locale ?? null };
    },
  }),
];
