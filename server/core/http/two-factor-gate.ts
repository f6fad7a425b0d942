/**
 * An account that requires two-factor authentication for owners and admins (accounts.settings
 * `requireTwoFactor`): such a user signed in without it may still read who they are, enrol and log
 * out; every other request answers 403 `two_factor_required` until they enrol. Session credentials
 * only: an API token is its own credential.
 */
import type { FastifyRequest } from 'fastify';
import { ENFORCED_ROLES, mustEnrol, twoFactorRequired } from '../commands/two-factor.ts';
import type { Actor } from '../policies/actor.ts';
import type { Services } from '../services.ts';

/** What a user who must enrol may still call (`METHOD /route/pattern`). */
export const ALLOWED_BEFORE_ENROLMENT = new Set([
  'GET /api/v1/me',
  'HEAD /api/v1/me',
  'GET /api/v1/me/2fa',
  'POST /api/v1/me/2fa/setup',
  'POST /api/v1/me/2fa/enable',
  'POST /api/v1/auth/logout',
]);

export async function enforceTwoFactor(
  req: FastifyRequest,
  services: Services,
  actor: Actor,
): Promise<void> {
  if (actor.kind !== 'user' || !ENFORCED_ROLES.has(actor.role)) return;
  if (ALLOWED_BEFORE_ENROLMENT.has(`${req.method} ${req.routeOptions?.url}`)) return;
  if (await mustEnrol(services.database.db, actor)) throw twoFactorRequired();
}
