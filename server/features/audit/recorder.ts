/**
 * Recording at the HTTP layer: an `onSend` hook notes what the answer tells (error code, created id)
 * and an `onResponse` hook, after the answer has gone out, writes one row per recorded request
 * (see domain/actions.ts). Writing never fails or delays a request: it runs after the response and its
 * errors are only logged. Shutdown waits for the writes in flight (the app's onClose).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifyChallenge } from '../../core/lib/two-factor-challenge.ts';
import type { Services } from '../../core/services.ts';
import { actionFor, isExport, LOGIN_ROUTE, SECOND_FACTOR_ROUTE } from './domain/actions.ts';
import { buildDetail, fromAnswer } from './domain/detail.ts';
import { type AuditRecord, appendEntry } from './store/audit-log.ts';

type Answer = ReturnType<typeof fromAnswer>;

const MAX_ANSWER = 64 * 1024;

/** The user a sign-in step is for: the email tried, or the user of an authentic 2FA challenge. */
function signInSubject(
  services: Services,
  route: string,
  body: Record<string, unknown> | undefined,
): AuditRecord['subject'] {
  if (route === LOGIN_ROUTE)
    return typeof body?.email === 'string' ? { email: body.email.trim().toLowerCase() } : null;
  // Expired or not, a challenge with our MAC names its user (time 0: authenticity only).
  const claims =
    typeof body?.challenge === 'string'
      ? verifyChallenge(services.secret, body.challenge, 0)
      : null;
  return claims ? { userId: claims.userId } : null;
}

function capture(
  services: Services,
  req: FastifyRequest,
  reply: FastifyReply,
  answer: Answer | undefined,
) {
  const route = req.routeOptions.url;
  let action = actionFor(req.method, route);
  if (!action || !route) return null;
  const status = reply.statusCode;
  if (answer?.error === 'rate_limited') return null; // refused before anything happened: a flood writes nothing
  if (req.actor?.kind === 'contact') return null; // visitors (widget) are not audited
  const actor = req.actor?.kind === 'user' ? req.actor : null;
  const body = req.body as Record<string, unknown> | undefined;
  let subject: AuditRecord['subject'] = null;
  if (route === LOGIN_ROUTE || route === SECOND_FACTOR_ROUTE) {
    if (status >= 400) action = `${action}_failed`;
    else if (answer?.twoFactor) action = 'auth.login_challenge'; // password right, code pending
    subject = signInSubject(services, route, body);
  } else if (!actor && answer?.email) subject = { email: answer.email.trim().toLowerCase() };
  if (!actor && !subject) return null; // no account to file it under
  const params = (req.params ?? {}) as Record<string, string>;
  const ua = req.headers['user-agent'];
  return {
    action,
    method: req.method,
    route: route.slice(0, 200),
    status,
    actor,
    subject,
    targetId: (params.id ?? answer?.id ?? null)?.slice(0, 64) ?? null,
    ip: req.ip?.slice(0, 64) ?? null,
    userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null,
    requestId: String(req.id).slice(0, 64),
    detail: buildDetail({
      body: req.body,
      query: req.query,
      params,
      exported: req.method === 'GET' && isExport(route),
      error: answer?.error,
      viaToken: !!actor && !req.sessionId,
    }),
    at: services.clock.now(),
  } satisfies AuditRecord;
}

export function installRecorder(app: FastifyInstance, services: Services): void {
  const answers = new WeakMap<FastifyRequest, Answer>();
  const inFlight = new Set<Promise<void>>();
  app.addHook('onSend', (req, reply, payload, done) => {
    const status = reply.statusCode;
    if (
      typeof payload === 'string' &&
      payload.length <= MAX_ANSWER &&
      (status >= 400 || (req.method === 'POST' && status < 300)) &&
      actionFor(req.method, req.routeOptions.url)
    )
      answers.set(req, fromAnswer(payload, status));
    done(null, payload);
  });
  app.addHook('onResponse', (req, reply, done) => {
    try {
      const entry = capture(services, req, reply, answers.get(req));
      if (entry) {
        const p: Promise<void> = appendEntry(services.database.db, entry)
          .catch((err) => services.log.warn({ err, action: entry.action }, 'audit: not recorded'))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
    } catch (err) {
      services.log.warn({ err }, 'audit: request not captured');
    }
    done();
  });
  app.addHook('onClose', async () => {
    await Promise.allSettled([...inFlight]);
  });
}
