/**
 * Schema fuzz over every operation of /api/v1/openapi.json — the agents' API and the widget's: each
 * gets a bounded set of generated requests (valid-looking ones from its request schemas with real
 * ids, as admin and agent or as the visitor; without credentials; fields missing; wrong types; huge
 * strings; deep nesting; unknown and malformed ids). Whatever the input: never a 5xx; a 2xx has the
 * declared status and a body that matches the route's response schema (zod, from the registry);
 * a 4xx is `{ error: { code, message } }` with a code of shared/errors.ts. Deterministic (seeded
 * per operation), no timing. FUZZ_VERBOSE=1 lists the operations no request succeeded on;
 * FUZZ_SEED=<text> explores other inputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { ERROR_CODES } from '../../../shared/errors.ts';
import {
  deepJson,
  GARBAGE_IDS,
  Generator,
  huge,
  IdPool,
  type JsonSchema,
  pick,
  rng,
  seedOf,
  unknownId,
  wrongTypes,
} from '../../test/fuzz.ts';
import { type SeededAccount, type Session, type TestApp, testApp } from '../../test/test-app.ts';
import { registry, type RouteSpec } from './route.ts';

type Who = 'admin' | 'agent' | 'visitor' | 'anon';
interface Op {
  key: string;
  method: string;
  path: string;
  spec: RouteSpec<ZodType, ZodType, ZodType>;
  auth: 'user' | 'visitor' | 'none';
  pathParams: Array<{ name: string; schema: JsonSchema }>;
  query?: JsonSchema;
  body?: JsonSchema;
  multipart: boolean;
}
interface Case {
  name: string;
  who: Who;
  path: string;
  query?: unknown;
  body?: unknown;
  raw?: string | FormData;
}

const KNOWN_CODES = new Set<string>(ERROR_CODES);
// a 1×1 PNG (avatars and knowledge-base images must be images)
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let app: TestApp;
let seed: SeededAccount;
const sessions: Partial<Record<'admin' | 'agent', Session>> = {};
let visitor: { token: string; contactId: string };
let ops: Op[] = [];
let pool: IdPool;

function operations(doc: { paths: Record<string, Record<string, any>> }): Op[] {
  const specs = new Map(registry.map((s) => [`${s.method} ${s.url}`, s]));
  const out: Op[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      const method = m.toUpperCase();
      const spec = specs.get(`${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
      if (!spec) throw new Error(`${method} ${path}: in the OpenAPI document, not in the registry`);
      const params = (op.parameters ?? []) as Array<{
        name: string;
        in: string;
        required: boolean;
        schema: JsonSchema;
      }>;
      const query = params.filter((p) => p.in === 'query');
      const content = op.requestBody?.content ?? {};
      out.push({
        key: `${method} ${path}`,
        method,
        path,
        spec,
        auth: spec.auth as Op['auth'],
        pathParams: params.filter((p) => p.in === 'path'),
        query: query.length
          ? {
              type: 'object',
              properties: Object.fromEntries(query.map((p) => [p.name, p.schema])),
              required: query.filter((p) => p.required).map((p) => p.name),
            }
          : undefined,
        body: content['application/json']?.schema,
        multipart: !!content['multipart/form-data'],
      });
    }
  }
  // creations first, then reads (their ids feed the rest), changes, deletions last
  const rank = (o: Op) =>
    o.method === 'DELETE' ? 3 : o.pathParams.length ? 2 : o.method === 'GET' ? 1 : 0;
  return out.sort((a, b) => rank(a) - rank(b) || a.key.localeCompare(b.key));
}

/** The collection a path's ids come from: the part before its first parameter. */
const collectionOfPath = (path: string) => path.split('/{')[0];

function upload(op: Op): FormData {
  const f = new FormData();
  if (op.path.includes('import'))
    f.append('file', new Blob(['question,answer\nfuzz?,fuzz.\n']), 'fuzz.csv');
  else f.append('file', new Blob([PNG], { type: 'image/png' }), 'fuzz.png');
  return f;
}

function casesOf(op: Op): Case[] {
  const r = rng(seedOf(op.key + (process.env.FUZZ_SEED ?? '')));
  const g = new Generator(r, pool, {
    inboxToken: seed.inboxToken,
    token: seed.inboxToken,
    t: visitor.token,
    visitorToken: visitor.token,
  });
  const path = (id: (name: string, schema: JsonSchema) => unknown) =>
    op.pathParams.reduce(
      (p, x) => p.replace(`{${x.name}}`, encodeURIComponent(String(id(x.name, x.schema)))),
      op.path,
    );
  const real = () =>
    path((name, s) =>
      name === 'id' ? (pool.get(collectionOfPath(op.path), r) ?? unknownId(r)) : g.value(s, name),
    );
  const valid = (): Omit<Case, 'name' | 'who'> => ({
    path: real(),
    query: op.query && g.object(op.query),
    body: op.body && g.value(op.body),
    raw: op.multipart ? upload(op) : undefined,
  });
  const main: Who = op.auth === 'user' ? 'admin' : op.auth === 'visitor' ? 'visitor' : 'anon';
  const other: Who = op.auth === 'user' ? 'agent' : op.auth === 'visitor' ? 'agent' : 'anon';
  const hasBody = op.body || op.multipart;
  const cases: Case[] = [
    { name: 'valid', who: main, ...valid() },
    { name: 'valid, other caller', who: other, ...valid() },
    ...(op.auth === 'none' ? [] : [{ name: 'no credentials', who: 'anon' as const, ...valid() }]),
    { name: 'fields missing', who: main, path: real(), query: {}, body: hasBody ? {} : undefined },
    {
      name: 'wrong types',
      who: main,
      path: real(),
      query: op.query ? wrongTypes(op.query, r) : { zzz: 1 },
      body: hasBody ? wrongTypes(op.body, r) : undefined,
    },
    {
      name: 'huge strings',
      who: main,
      path: path(() => 'a'.repeat(300)),
      query: huge(op.query && g.object(op.query), 5_000),
      body: hasBody ? huge(op.body ? g.value(op.body) : { file: 'x' }) : undefined,
    },
    {
      name: 'deep nesting',
      who: main,
      path: real(),
      ...(op.method === 'GET'
        ? { query: { [`a${'[a]'.repeat(200)}`]: 1 } }
        : { raw: deepJson('a', 1_000) }),
    },
    { name: 'unknown ids', who: main, ...valid(), path: path(() => unknownId(r)) },
    { name: 'malformed ids', who: main, ...valid(), path: path(() => pick(r, GARBAGE_IDS)) },
  ];
  return cases;
}

function queryString(q: unknown): string {
  if (!q || typeof q !== 'object' || !Object.keys(q).length) return '';
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(q as Record<string, unknown>)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v])
      s.append(k, typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x));
  }
  return `?${s}`;
}

/** One request as a client sends it; redirects are answers, not followed. */
async function send(op: Op, c: Case) {
  const headers: Record<string, string> = {};
  let body: string | FormData | undefined;
  if (op.method !== 'GET') {
    body = c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
    if (typeof body === 'string') headers['content-type'] = 'application/json';
  }
  if (c.who === 'visitor') headers.authorization = `Bearer ${visitor.token}`;
  const session = c.who === 'admin' || c.who === 'agent' ? sessions[c.who] : undefined;
  if (session) Object.assign(headers, { cookie: session.cookie, 'x-csrf-token': session.csrf });
  const res = await fetch(app.url + c.path + queryString(c.query), {
    method: op.method,
    headers,
    body,
    redirect: 'manual',
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: json as any, headers: res.headers };
}

/** What is wrong with an answer, or null. */
function problem(op: Op, res: { status: number; body: any; headers: Headers }): string | null {
  const { status, body } = res;
  if (status >= 500) return `${status} ${JSON.stringify(body)?.slice(0, 400)}`;
  if (status >= 400) {
    const e = body?.error;
    if (!e || typeof e.message !== 'string' || !KNOWN_CODES.has(e.code))
      return `${status} without a known error code: ${JSON.stringify(body)?.slice(0, 200)}`;
    return null;
  }
  const spec = op.spec;
  const declared = spec.status ?? 200;
  if (status >= 300 && status < 400)
    return status === declared && res.headers.get('location') ? null : `redirect ${status}`;
  if (status < 200 || status >= 300) return `unexpected status ${status}`;
  // 201 routes answer 200 when a create is replayed (idempotent on clientMessageId)
  if (status !== declared && !(declared === 201 && status === 200))
    return `status ${status}, declared ${declared}`;
  if (declared === 204) return body === null || body === '' ? null : 'a body from a 204 route';
  if (spec.response) {
    const r = spec.response.safeParse(body);
    return r.success ? null : `body does not match the response schema: ${r.error.message}`;
  }
  if (spec.produces) {
    const type = res.headers.get('content-type')?.split(';')[0] ?? '';
    return spec.produces.some((p) => p === '*/*' || p === type)
      ? null
      : `content-type ${type}, declared ${spec.produces}`;
  }
  return 'no response declared';
}

/** Logs in again whoever the fuzz logged out (logout, logout-all, password change). */
async function keepSessions() {
  for (const who of ['admin', 'agent'] as const) {
    const me = await app.api('GET', '/api/v1/me', { session: sessions[who] });
    if (me.status !== 401) continue;
    const u = seed.users[who === 'admin' ? 'owner' : 'agent'];
    sessions[who] = await app.login(u.email, u.password).catch(() => sessions[who]);
  }
}

beforeAll(async () => {
  app = await testApp({
    RATE_LIMIT_LOGIN_PER_MIN: '100000',
    LOGIN_LOCK_AFTER_FAILURES: '100000',
    RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '100000',
    RATE_LIMIT_MESSAGES_PER_MIN: '100000',
  });
  seed = await app.seedAccount();
  sessions.admin = await app.login(seed.users.owner.email, seed.users.owner.password);
  sessions.agent = await app.login(seed.users.agent.email, seed.users.agent.password);
  visitor = await app.visitor(seed.inboxToken);
  const sent = await app.api('POST', '/widget/v1/messages', {
    token: visitor.token,
    body: { content: 'Hello, where is my order?', clientMessageId: 'fuzz-setup' },
  });
  expect(sent.status).toBe(201);
  // the fuzz's own identities stay out of the id pool: it must not disable, demote or merge them away
  pool = new IdPool(
    new Set([seed.inboxId, seed.users.owner.id, seed.users.agent.id, visitor.contactId]),
  );
  const doc = await app.api('GET', '/api/v1/openapi.json');
  ops = operations(doc.body);
}, 120_000);

afterAll(() => app?.stop());

describe('API fuzz', () => {
  it('every operation declares what it answers: a response schema, produces, 204 or a redirect', () => {
    const redirect = (s = 200) => s >= 300 && s < 400;
    const undeclared = ops
      .filter((o) => !o.spec.response && !o.spec.produces && o.spec.status !== 204)
      .filter((o) => !redirect(o.spec.status))
      .map((o) => o.key);
    expect(undeclared).toEqual([]);
    expect(ops.length).toBeGreaterThan(100);
    expect(ops.some((o) => o.auth === 'visitor')).toBe(true);
  });

  it('generated requests to every operation: no 5xx, 2xx as declared, 4xx in the error shape', async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const answered = new Set<string>();
    let sent = 0;
    for (const op of ops.filter((o) => o.method === 'GET' && !o.pathParams.length)) {
      const res = await send(op, { name: 'warm-up', who: 'admin', path: op.path });
      sent++;
      if (res.status < 300) pool.harvest(op.path, res.body);
    }
    for (const op of ops) {
      for (const c of casesOf(op)) {
        const res = await send(op, c);
        sent++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status < 400) answered.add(op.key);
        const p = problem(op, res);
        if (p) failures.push(`${op.key} [${c.name}, ${c.who}] ${c.path}: ${p}`);
        if (res.status < 300) pool.harvest(collectionOfPath(op.path), res.body);
      }
      await keepSessions();
    }
    console.info(
      `API fuzz: ${sent} requests over ${ops.length} operations, ${answered.size} with a success;`,
      Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])),
    );
    if (process.env.FUZZ_VERBOSE)
      console.info(ops.filter((o) => !answered.has(o.key)).map((o) => o.key));
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(ops.length * 8);
  }, 600_000);
});
