/**
 * The platform's callback, outside /api/v1 and its sign-in: `GET` answers the URL check with
 * `echostr`; `POST` opens the message (domain/verify.ts), stores it durably and answers `success`
 * at once — before any processing, so the platform's 5-second limit is never at risk. The inbox in
 * the path decides everything: its token, key and appid, and the account the message is stored in.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { execute } from '../../../core/commands/context.ts';
import { notFound } from '../../../core/errors.ts';
import { pathId } from '../../../core/http/schemas.ts';
import type { Actor } from '../../../core/policies/actor.ts';
import type { Services } from '../../../core/services.ts';
import { acceptCallback } from '../commands/accept-callback.ts';
import { dedupeKey, InboundError, toInbound } from '../domain/inbound.ts';
import { sealRaw } from '../domain/settings.ts';
import { badXml, type CallbackQuery, openCallback, verifyUrl } from '../domain/verify.ts';
import { loadWechatInbox } from '../store/inbox.ts';

const BODY_LIMIT = 256 * 1024;

/**
 * Who stores a callback: the platform speaking for a WeChat user not known yet, a customer-side
 * write like a widget message. Not the system actor on purpose: the group commit runs system
 * (background) work after customer-side (foreground) commands, and the acknowledgement must not
 * wait behind the processing of earlier callbacks (the platform gives up after 5 s).
 */
const platformActor = (inbox: { accountId: string; inboxId: string }): Actor => ({
  kind: 'contact',
  contactId: '',
  accountId: inbox.accountId,
  inboxId: inbox.inboxId,
});
type Req = FastifyRequest<{ Params: { inboxId: string }; Querystring: CallbackQuery }>;

async function inboxOf(services: Services, req: Req) {
  const id = pathId(String(req.params.inboxId));
  const inbox = id
    ? await loadWechatInbox(services.database.db, services.secret, id, services.clock.now())
    : null;
  if (!inbox) throw notFound('inbox');
  return inbox;
}

/** Query values the platform sends once; a repeated parameter is not a WeChat request. */
function query(req: Req): CallbackQuery {
  const q = (req.query ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const k of ['signature', 'timestamp', 'nonce', 'echostr', 'encrypt_type', 'msg_signature'])
    if (typeof q[k] === 'string') out[k] = q[k] as string;
  return out;
}

export async function callbackHttp(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(async (scope) => {
    const asString = (_req: unknown, body: string, done: (e: Error | null, b?: string) => void) =>
      done(null, body);
    scope.addContentTypeParser(
      ['text/xml', 'application/xml'],
      { parseAs: 'string', bodyLimit: BODY_LIMIT },
      asString,
    );
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, asString);

    scope.get('/channels/wechat/:inboxId/callback', async (req: Req, reply) => {
      const inbox = await inboxOf(services, req);
      const echo = verifyUrl(inbox, query(req), services.clock.now());
      return reply.header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(echo);
    });

    scope.post('/channels/wechat/:inboxId/callback', async (req: Req, reply) => {
      const inbox = await inboxOf(services, req);
      if (typeof req.body !== 'string') throw badXml();
      const { doc, text } = openCallback(inbox, query(req), req.body, services.clock.now());
      let inbound: ReturnType<typeof toInbound>;
      try {
        inbound = toInbound(doc);
      } catch (err) {
        if (err instanceof InboundError) throw badXml();
        throw err;
      }
      await execute(services, platformActor(inbox), acceptCallback, {
        inboxId: inbox.inboxId,
        dedupeKey: dedupeKey(inbound),
        openId: inbound.openId,
        msgType: inbound.kind === 'event' ? `event:${inbound.event}` : inbound.msgType,
        rawSealed: sealRaw(services.secret, inbox.inboxId, text),
      });
      return reply
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send('success');
    });
  });
}
