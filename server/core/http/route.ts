/**
 * Route definitions with zod schemas: one definition validates requests, types handlers and feeds
 * the OpenAPI document. Every registered route goes through `defineRoute`, and declares what it
 * answers: a JSON `response` schema, `produces` (files, exports) or `status: 204` (nothing).
 * With `config.checkResponses` (tests) every JSON answer is checked against its schema.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z, ZodType } from 'zod';
import { invalid, rateLimited } from '../errors.ts';
import type { Actor } from '../policies/actor.ts';
import type { Services } from '../services.ts';
import { authenticate, type AuthMode } from './auth.ts';
import { guardConversation, guardsConversation } from './visibility-guard.ts';

export interface RouteSpec<P extends ZodType, Q extends ZodType, B extends ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  auth: AuthMode;
  summary: string;
  tags: string[];
  params?: P;
  query?: Q;
  body?: B;
  /** The JSON body of a success (shared/dto.ts shapes); checked under config.checkResponses. */
  response?: ZodType;
  /** Success status; 204 for routes that answer nothing (the handler returns undefined). */
  status?: number;
  /** Media types of a non-JSON success body (files, exports) the handler sends itself. */
  produces?: string[];
  /** Non-JSON bodies (uploads) are handled by the handler itself. */
  rawBody?: boolean;
  rateLimit?: { key: string; limit: (s: Services) => number; windowMs: number; by: 'ip' | 'actor' };
  handler: (ctx: {
    params: z.infer<P>;
    query: z.infer<Q>;
    body: z.infer<B>;
    actor: Actor;
    req: FastifyRequest;
    reply: FastifyReply;
    services: Services;
  }) => Promise<unknown>;
}

export const registry: RouteSpec<ZodType, ZodType, ZodType>[] = [];

export function defineRoute<
  P extends ZodType = ZodType,
  Q extends ZodType = ZodType,
  B extends ZodType = ZodType,
>(spec: RouteSpec<P, Q, B>) {
  return spec as unknown as RouteSpec<ZodType, ZodType, ZodType>;
}

function parse<T extends ZodType>(
  schema: T | undefined,
  value: unknown,
  where: string,
): z.infer<T> {
  if (!schema) return undefined as z.infer<T>;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) {
    throw invalid(
      r.error.issues.map((i) => ({
        path: [where, ...i.path.map(String)].join('.'),
        message: i.message,
        code: i.code,
      })),
    );
  }
  return r.data;
}

export function mount(
  app: FastifyInstance,
  services: Services,
  routes: RouteSpec<ZodType, ZodType, ZodType>[],
): void {
  const check = services.config.checkResponses;
  for (const spec of routes) {
    registry.push(spec);
    const guarded = guardsConversation(spec.url);
    app.route({
      method: spec.method,
      url: spec.url,
      ...(check ? { preSerialization: checkAnswer(spec) } : {}),
      handler: async (req, reply) => {
        const actor = await authenticate(req, services, spec.auth);
        if (spec.rateLimit) await enforceRateLimit(spec, req, actor, services);
        const params = parse(spec.params, req.params, 'params');
        if (guarded) await guardConversation(services, actor, params);
        const query = parse(spec.query, req.query, 'query');
        const body = spec.rawBody ? undefined : parse(spec.body, req.body, 'body');
        const result = await spec.handler({ params, query, body, actor, req, reply, services });
        if (reply.sent || result === reply) return reply;
        if (check) {
          const problem =
            result === undefined
              ? spec.response && 'it answered nothing but declares a response schema'
              : spec.status === 204 && 'it declares 204 but answered a body';
          if (problem) return reply.code(500).send(mismatch(spec, req, problem));
        }
        if (result === undefined) return reply.code(204).send();
        return reply.code(spec.status ?? 200).send(result);
      },
    });
  }
}

/**
 * The test-time check of JSON success bodies (every reply.send of an object, the route layer's or
 * the handler's own): a body that does not match `spec.response` becomes a 500 whose message names
 * the route and the mismatch, logged as an error and written to stderr so no test misses it.
 */
function checkAnswer(spec: RouteSpec<ZodType, ZodType, ZodType>) {
  return async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (reply.statusCode < 200 || reply.statusCode >= 300) return payload;
    let problem: string | null = null;
    let details: unknown;
    if (spec.produces && !spec.response) problem = `it declares ${spec.produces} but answered JSON`;
    else if (spec.status === 204) problem = 'it declares 204 but answered a body';
    else if (spec.response) {
      const r = spec.response.safeParse(payload);
      if (!r.success) {
        details = r.error.issues.slice(0, 10).map((i) => ({
          path: i.path.map(String).join('.'),
          message: i.message,
          code: i.code,
        }));
        problem = `the body does not match its response schema: ${JSON.stringify(details)}`;
      }
    }
    if (!problem) return payload;
    reply.code(500);
    return mismatch(spec, req, problem, details);
  };
}

function mismatch(
  spec: RouteSpec<ZodType, ZodType, ZodType>,
  req: FastifyRequest,
  problem: string,
  details?: unknown,
) {
  const message = `Response check: ${spec.method} ${spec.url} — ${problem}`;
  req.log.error({ route: `${spec.method} ${spec.url}`, details }, message);
  console.error(message);
  return { error: { code: 'internal_error', message, ...(details ? { details } : {}) } };
}

async function enforceRateLimit(
  spec: RouteSpec<ZodType, ZodType, ZodType>,
  req: FastifyRequest,
  actor: Actor,
  services: Services,
) {
  const rl = spec.rateLimit!;
  const who = rl.by === 'ip' ? req.ip : actorKey(actor);
  const res = await services.kv.hit(`${rl.key}:${who}`, rl.limit(services), rl.windowMs);
  if (!res.allowed) {
    throw rateLimited(res.retryAfterSeconds);
  }
}

export function actorKey(actor: Actor): string {
  if (actor.kind === 'user') return `u:${actor.userId}`;
  if (actor.kind === 'contact') return `c:${actor.contactId}`;
  return `s:${actor.accountId}`;
}
