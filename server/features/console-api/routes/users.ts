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
import { execute } from '../../../core/commands/context.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { Email, Locale, Password, Role } from '../../../core/http/schemas.ts';
import { hashPassword } from '../../../core/lib/crypto.ts';
import { authorize } from '../../../core/policies/can.ts';
import { InvitationSchema } from '../../../../shared/dto.ts';
import { createInvitation } from '../commands/invitations.ts';

/** The pending user: an invitation with activation `sign_in` (listed by GET /api/v1/invitations). */
const PendingUser = InvitationSchema.extend({ name: z.string(), locale: z.string().nullable() });

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
