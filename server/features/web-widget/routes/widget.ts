/** Widget API for anonymous visitors: session create/resume, identify, messages, typing, read receipts. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { execute } from '../../../core/commands/context.ts';
import { addIdentity, findOrCreateContact } from '../../../core/commands/contacts.ts';
import { markRead } from '../../../core/commands/mark-read.ts';
import { receiveMessage } from '../../../core/commands/receive-message.ts';
import type { Executor } from '../../../core/db/client.ts';
import type { Inbox } from '../../../core/db/types.ts';
import { AppError, notFound, unauthorized } from '../../../core/errors.ts';
import { hmacHex, safeEqual } from '../../../core/lib/crypto.ts';
import { randomToken } from '../../../core/lib/ids.ts';
import { signVisitorToken, verifyVisitorToken } from '../../../core/lib/visitor-token.ts';
import type { Actor } from '../../../core/policies/actor.ts';
import { presentConversation, presentMessage, parseJson } from '../../../core/presenters/index.ts';
import { attachmentsOf, listMessages } from '../../../core/queries/messages.ts';
import type { Services } from '../../../core/services.ts';
import { resolveVisitor } from '../../../core/http/auth.ts';
import { defineRoute } from '../../../core/http/route.ts';
import {
  ClientMessageId,
  Email,
  Id,
  Limit,
  Locale,
  MessageContent,
} from '../../../core/http/schemas.ts';
import { originAllowed, publicWidgetSettings } from '../settings.ts';
import { inboxAvailability } from '../availability.ts';
import { CONTEXT_MAX_KEYS, CONTEXT_MAX_VALUE, parseWidgetContext } from '../context.ts';
import { currentConversation } from '../../../core/queries/conversations.ts';

export async function inboxByToken(db: Executor, token: string): Promise<Inbox> {
  const inbox = await db
    .selectFrom('inboxes')
    .selectAll()
    .where('public_token', '=', token)
    .where('channel_type', '=', 'web_widget')
    .executeTakeFirst();
  if (!inbox) throw notFound('inbox');
  return inbox;
}

/**
 * The request's Origin and, for calls from the widget's iframe (whose own origin is Kefu's), the
 * embedding page's origin it was told at load: both must be on the inbox's allow-list.
 */
export function checkOrigin(req: FastifyRequest, inbox: Inbox, pageOrigin?: string) {
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
  const settings = parseJson(inbox.settings, {});
  if (
    !originAllowed(settings, origin, req.headers.host) ||
    (pageOrigin !== undefined && !originAllowed(settings, pageOrigin, undefined))
  ) {
    throw new AppError(
      'origin_not_allowed',
      403,
      'This website is not allowed to use this chat widget.',
    );
  }
}

const PageOrigin = z
  .string()
  .max(300)
  .regex(/^https?:\/\/[^/\s]+$/, 'an origin such as https://shop.example.com');

/** Highest seq any agent has read (read receipts shown to the visitor). */
async function agentReadSeq(db: Executor, conversationId: string): Promise<number> {
  const row = await db
    .selectFrom('conversation_reads')
    .select((eb) => eb.fn.max('last_read_seq').as('seq'))
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

export { currentConversation };

export const contactActor = (a: Actor) => {
  if (a.kind !== 'contact') throw unauthorized();
  return a;
};

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

export const widgetRoutes = [
  defineRoute({
    method: 'GET',
    url: '/widget/v1/config',
    auth: 'none',
    summary: 'Public appearance settings of a web-chat inbox',
    tags: ['widget'],
    query: z.strictObject({ token: z.string().min(1).max(100), origin: PageOrigin.optional() }),
    handler: async ({ query, req, reply, services }) => {
      // Public data, read by the loader on the customer's page (cross-origin); the allow-list still applies.
      reply.header('access-control-allow-origin', '*');
      const inbox = await inboxByToken(services.database.db, query.token);
      checkOrigin(req, inbox, query.origin);
      const availability = await inboxAvailability(
        services,
        inbox.account_id,
        inbox.id,
        services.clock.now(),
      );
      return {
        inbox: { name: inbox.name, settings: publicWidgetSettings(parseJson(inbox.settings, {})) },
        availability,
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/widget/v1/sessions',
    auth: 'none',
    summary: 'Create or resume a visitor session (signed token)',
    tags: ['widget'],
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
  defineRoute({
    method: 'GET',
    url: '/widget/v1/messages',
    auth: 'visitor',
    summary: "Messages of the visitor's conversation by seq",
    tags: ['widget'],
    query: z.strictObject({
      after: z.coerce.number().int().min(0).optional(),
      afterSeq: z.coerce.number().int().min(0).optional(),
      before: z.coerce.number().int().min(1).optional(),
      limit: Limit.default(50),
    }),
    handler: async ({ actor, query, services }) => {
      const a = contactActor(actor);
      const c = await currentConversation(services.database.db, a);
      if (!c) return { data: [], hasMore: false, conversation: null, agentReadSeq: 0 };
      const afterSeq = query.after ?? query.afterSeq;
      const page = await listMessages(services.database.db, {
        accountId: a.accountId,
        conversationId: c.id,
        afterSeq,
        beforeSeq: query.before,
        limit: query.limit,
        visitorView: true,
      });
      return {
        data: page.messages,
        hasMore: page.hasMore,
        conversation: visitorConversation(c),
        agentReadSeq: await agentReadSeq(services.database.db, c.id),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/widget/v1/messages',
    auth: 'visitor',
    summary: 'Send a message (idempotent on clientMessageId)',
    tags: ['widget'],
    status: 201,
    body: z
      .strictObject({
        content: MessageContent.default(''),
        clientMessageId: ClientMessageId,
        attachmentIds: z.array(Id).max(10).default([]),
        /** The page the chat was opened from (validated by parseWidgetContext: 422 invalid_context). */
        context: z
          .unknown()
          .optional()
          .meta({
            description: `Page context, e.g. {articleId, title, url}: 1–${CONTEXT_MAX_KEYS} keys, strings ≤ ${CONTEXT_MAX_VALUE} chars or numbers`,
          }),
      })
      .refine((b) => b.content.trim().length > 0 || b.attachmentIds.length > 0, {
        message: 'content or attachments are required',
        path: ['content'],
      }),
    rateLimit: {
      key: 'widget-message',
      limit: (s) => s.config.RATE_LIMIT_MESSAGES_PER_MIN,
      windowMs: 60_000,
      by: 'actor',
    },
    handler: async ({ actor, body, reply, services }) => {
      const a = contactActor(actor);
      const { context: raw, ...message } = body;
      const context = parseWidgetContext(raw);
      const r = await execute(services, a, receiveMessage, {
        inboxId: a.inboxId,
        contactId: a.contactId,
        ...message,
        ...(context ? { attributes: { context }, conversationAttributes: { context } } : {}),
      });
      const dto = {
        message: presentMessage(
          r.message,
          await attachmentsOf(services.database.db, [r.message.id]),
        ),
        conversation: visitorConversation(r.conversation),
      };
      return r.duplicate ? reply.code(200).send(dto) : dto;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/widget/v1/typing',
    auth: 'visitor',
    summary: 'Typing indicator',
    tags: ['widget'],
    body: z.strictObject({ typing: z.boolean() }),
    handler: async ({ actor, body, services }) => {
      const a = contactActor(actor);
      const c = await currentConversation(services.database.db, a);
      if (c)
        services.signals?.typing({
          accountId: a.accountId,
          conversationId: c.id,
          contactId: c.contact_id,
          from: { type: 'contact', id: a.contactId },
          typing: body.typing,
        });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/widget/v1/read',
    auth: 'visitor',
    summary: 'Read receipt up to a seq',
    tags: ['widget'],
    body: z.strictObject({ seq: z.number().int().min(0) }),
    handler: async ({ actor, body, services }) => {
      const a = contactActor(actor);
      const c = await currentConversation(services.database.db, a);
      if (!c) throw notFound('conversation');
      return execute(services, a, markRead, { conversationId: c.id, seq: body.seq });
    },
  }),
];

async function resumeVisitor(services: Services, inbox: Inbox, token?: string) {
  if (!token) return null;
  const claims = verifyVisitorToken(services.secret, token);
  if (!claims || claims.inboxId !== inbox.id || claims.accountId !== inbox.account_id) return null;
  const actor = await resolveVisitor(services.database.db, claims);
  return actor?.kind === 'contact' ? actor : null;
}

export function visitorConversation(c: Parameters<typeof presentConversation>[0]) {
  const dto = presentConversation(c);
  return {
    id: dto.id,
    status: dto.status,
    mode: dto.mode,
    lastSeq: dto.lastSeq,
    createdAt: dto.createdAt,
    assigned: !!dto.assigneeId,
    resolvedAt: dto.resolvedAt,
    visitorReadSeq: Number(c.contact_last_read_seq ?? 0),
  };
}
