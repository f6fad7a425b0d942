/** OpenAPI 3.1 document generated from the same zod schemas that validate requests. */
import { z, type ZodType } from 'zod';
import { registry } from './route.ts';
import { ErrorBody } from './schemas.ts';

const BINARY = { type: 'string', format: 'binary' };

const toSchema = (s: ZodType, io: 'input' | 'output' = 'input') =>
  z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;

function parameters(schema: ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = toSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

export function buildOpenApi() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of registry) {
    const path = r.url.replace(/:([a-zA-Z]+)/g, '{$1}');
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: r.tags,
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      responses: {
        [String(r.status ?? 200)]: {
          description:
            r.status === 204
              ? 'No Content'
              : r.status && r.status >= 300 && r.status < 400
                ? 'Redirect (Location)'
                : 'OK',
          ...(r.response
            ? { content: { 'application/json': { schema: toSchema(r.response, 'output') } } }
            : r.produces
              ? { content: Object.fromEntries(r.produces.map((t) => [t, { schema: BINARY }])) }
              : {}),
        },
        '4XX': {
          description: 'Error',
          content: { 'application/json': { schema: toSchema(ErrorBody, 'output') } },
        },
      },
      security:
        r.auth === 'user'
          ? [{ session: [] }, { token: [] }]
          : r.auth === 'visitor'
            ? [{ visitor: [] }]
            : [],
    };
    if (r.body)
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(r.body) } },
      };
    if (r.rawBody)
      op.requestBody = {
        required: true,
        content: {
          'multipart/form-data': {
            schema: { type: 'object', properties: { file: BINARY } },
          },
        },
      };
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kefu API',
      version: '1',
      description:
        'REST API for agents, admins, integrations (/api/v1) and the chat widget (/widget/v1).',
    },
    paths,
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'kefu_session',
          description: 'Browser session; unsafe methods also need the X-CSRF-Token header.',
        },
        token: { type: 'http', scheme: 'bearer', description: 'Personal API token (kefu_…).' },
        visitor: {
          type: 'http',
          scheme: 'bearer',
          description: 'Signed visitor token from POST /widget/v1/sessions.',
        },
      },
    },
  };
}
