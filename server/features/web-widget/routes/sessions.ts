/**
 * Visitor sessions: create or resume (signed visitor token), identify a verified customer. Every call
 * answers a freshly issued token (rotation): the widget calls it on each page load and again when its
 * token is half way to VISITOR_TOKEN_DAYS on a page left open.
 */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { addIdentity, findOrCreateContact } from '../../../core/commands/contacts.ts';
import type { Inbox } from '../../../core/db/types.ts';
import { AppError } from '../../../core/errors.ts';
import { resolveVisitor } from '../../../core/http/auth.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { Email, Locale } from '../../../core/http/schemas.ts';
import { hmacHex, safeEqual } from '../../../core/lib/crypto.ts';
import { randomToken } from '../../../core/lib/ids.ts';
import { signVisitorToken, visitorClaims } from '../../../core/lib/visitor-token.ts';
import type { Actor } from '../../../core/policies/actor.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import { currentConversation } from '../../../core/queries/conversations.ts';
import type { Services } from '../../../core/services.ts';
import { reportLocale } from '../commands/locale.ts';
import { publicWidgetSettings } from '../domain/settings.ts';
import { visitorConversation } from '../domain/visitor.ts';
import { inboxAvailability } from '../store/availability.ts';
import { agentReadSeq, inboxByToken } from '../store/visitor.ts';
import { checkOrigin, PageOrigin } from './common.ts';
import { widgetResponses as W } from '../responses.ts';

const Identity = z.strictObject({
  id: z.string().trim().min(1).max(200),
  hash: z.string().max(200).optional(),
  name: z.string().trim().max(200).optional(),
  email: Email.optional(),
});

async function identify(
  services: Services,
  actor: Extract<Actor, { kind: 'contact' }>,
  inbox: Inbox,
  identity: z.infer<typeof Identity>,
) {
  const verified =
    !!identity.hash && safeEqual(identity.hash, hmacHex(inbox.hmac_secret, identity.id));
  if (identity.hash && !verified)
    throw new AppError('identity_verification_failed', 401, 'The identity hash does not match.');
  if (
    !verified &&
    parseJson<{ requireIdentityVerification?: boolean }>(inbox.settings, {})
      .requireIdentityVerification
  ) {
    throw new AppError(
      'identity_verification_required',
      401,
      'This inbox requires a verified identity (hash).',
    );
  }
  if (!verified) return actor; // unverified: name/email are kept as profile hints only, never linked to a customer record
  const { contact } = await execute(services, actor, findOrCreateContact, {
    identity: { kind: 'external_id', value: identity.id },
    name: identity.name,
    email: identity.email,
  });
  await execute(
    services,
    { ...actor, contactId: contact.id },
    async (ctx) => addIdentity(ctx, contact.id, 'visitor', `${inbox.id}:${actor.contactId}`),
    null,
  );
  return { ...actor, contactId: contact.id };
}

export const sessionRoutes = [
  defineRoute({
    method: 'POST',
    url: '/widget/v1/sessions',
    auth: 'none',
    summary: 'Create or resume a visitor session (signed token)',
    tags: ['widget'],
    response: W.Session,
    body: z.strictObject({
      inboxToken: z.string().min(1).max(100),
      visitorToken: z.string().max(2048).optional(),
      identity: Identity.optional(),
      locale: Locale.optional(),
      pageOrigin: PageOrigin.optional(),
    }),
    rateLimit: {
      key: 'widget-session',
      limit: (s) => s.config.RATE_LIMIT_WIDGET_SESSIONS_PER_MIN,
      windowMs: 60_000,
      by: 'ip',
    },
    handler: async ({ body, req, services }) => {
      const db = services.database.db;
      const inbox = await inboxByToken(db, body.inboxToken);
      checkOrigin(req, inbox, body.pageOrigin);
      let actor = await resumeVisitor(services, inbox, body.visitorToken);
      if (!actor) {
        const sys: Actor = { kind: 'system', accountId: inbox.account_id, name: 'widget' };
        const { contact } = await execute(services, sys, findOrCreateContact, {
          identity: { kind: 'visitor', value: `${inbox.id}:${randomToken(16)}` },
          attributes: body.locale ? { locale: body.locale } : {},
        });
        actor = {
          kind: 'contact',
          contactId: contact.id,
          accountId: inbox.account_id,
          inboxId: inbox.id,
        };
      }
      if (body.identity) actor = await identify(services, actor, inbox, body.identity);
      if (body.locale) await reportLocale(services, actor, body.locale);
      const visitorToken = signVisitorToken(services.secret, {
        accountId: actor.accountId,
        inboxId: inbox.id,
        contactId: actor.contactId,
        issuedAt: services.clock.now(),
      });
      const conversation = await currentConversation(db, actor);
      const contact = await db
        .selectFrom('contacts')
        .select(['id', 'name', 'email'])
        .where('id', '=', actor.contactId)
        .executeTakeFirstOrThrow();
      return {
        visitorToken,
        visitorTokenExpiresIn: services.config.VISITOR_TOKEN_DAYS * 86_400,
        contact,
        conversation: conversation ? visitorConversation(conversation) : null,
        agentReadSeq: conversation ? await agentReadSeq(db, conversation.id) : 0,
        inbox: { name: inbox.name, settings: publicWidgetSettings(parseJson(inbox.settings, {})) },
        availability: await inboxAvailability(
          services,
          inbox.account_id,
          inbox.id,
          services.clock.now(),
        ),
      };
    },
  }),
];

async function resumeVisitor(services: Services, inbox: Inbox, token?: string) {
  if (!token) return null;
  const claims = visitorClaims(services, token);
  if (!claims || claims.inboxId !== inbox.id || claims.accountId !== inbox.account_id) return null;
  const actor = await resolveVisitor(services.database.db, claims);
  return actor?.kind === 'contact' ? actor : null;
}
