/**
 * Route definitions with zod schemas: one definition validates requests, types handlers and feeds
 * the OpenAPI document. Every registered route goes through `defineRoute`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z, ZodType } from 'zod';
import { invalid, rateLimited } from '../errors.ts';
import type { Actor } from '../policies/actor.ts';
import type { Services } from '../services.ts';
import { authenticate, type AuthMode } from './auth.ts';

export interface RouteSpec<P extends ZodType, Q extends ZodType, B extends ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  auth: AuthMode;
  summary: string;
  tags: string[];
  params?: P;
  query?: Q;
  body?: B;
  response?: ZodType;
  status?: number;
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
  for (const spec of routes) {
    registry.push(spec);
    app.route({
      method: spec.method,
      url: spec.url,
      handler: async (req, reply) => {
        const actor = await authenticate(req, services, spec.auth);
        if (spec.rateLimit) await enforceRateLimit(spec, req, actor, services);
        const params = parse(spec.params, req.params, 'params');
        const query = parse(spec.query, req.query, 'query');
        const body = spec.rawBody ? undefined : parse(spec.body, req.body, 'body');
        const result = await spec.handler({ params, query, body, actor, req, reply, services });
        if (reply.sent) return reply;
        if (result === undefined) return reply.code(204).send();
        return reply.code(spec.status ?? 200).send(result);
      },
    });
  }
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
