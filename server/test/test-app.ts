/**
 * testApp(): a real server on a random port with a real database — a temp SQLite file, or a fresh
 * PostgreSQL schema (+ Redis) when DATABASE_URL / REDIS_URL are set — plus request helpers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { io as ioClient, type Socket } from 'socket.io-client';
import { createAccount, createInbox, createUser } from '../core/commands/accounts.ts';
import { execute } from '../core/commands/context.ts';
import { loadConfig } from '../core/config.ts';
import type { Role } from '../core/db/types.ts';
import { newId, randomToken } from '../core/lib/ids.ts';
import { startServer, type RunningServer } from '../main.ts';
import type { Actor } from '../core/policies/actor.ts';

export const PG_URL = process.env.DATABASE_URL?.startsWith('postgres')
  ? process.env.DATABASE_URL
  : undefined;
export const REDIS_URL = process.env.REDIS_URL;

export interface TestApp extends RunningServer {
  api: (method: string, path: string, opts?: RequestOpts) => Promise<ApiResponse>;
  seedAccount: (opts?: { slug?: string }) => Promise<SeededAccount>;
  login: (email: string, password: string) => Promise<Session>;
  visitor: (
    inboxToken: string,
    headers?: Record<string, string>,
  ) => Promise<{ token: string; contactId: string }>;
  agentSocket: (session: Session) => Promise<Socket>;
  visitorSocket: (token: string) => Promise<Socket>;
  stop: () => Promise<void>;
}
export interface RequestOpts {
  body?: unknown;
  session?: Session;
  token?: string;
  headers?: Record<string, string>;
  raw?: BodyInit;
}
export interface ApiResponse {
  status: number;
  body: any;
  headers: Headers;
}
export interface Session {
  cookie: string;
  csrf: string;
  userId: string;
  accountId: string;
}
export interface SeededAccount {
  accountId: string;
  inboxId: string;
  inboxToken: string;
  hmacSecret: string;
  users: Record<
    'owner' | 'supervisor' | 'agent' | 'agent2',
    { id: string; email: string; password: string; actor: Actor }
  >;
}

async function pgQuery(text: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

export async function testApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kefu-test-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SECRET_KEY: 'test-secret-key-test-secret-key-0123456789',
    ...(PG_URL ? { DATABASE_URL: PG_URL } : {}),
    ...(REDIS_URL ? { REDIS_URL } : {}),
    SEED_DEMO: 'false',
    ...env,
  });
  // PostgreSQL: each app gets a fresh schema. Once in several CI runs the first migration in a fresh
  // schema fails with "schema does not exist" (cause not found yet; seen again in session 5, twice in a
  // row for one file, once the suites ran without vitest's retry): up to four fresh schemas are tried.
  let schema: string | undefined;
  let server: RunningServer;
  for (let attempt = 1; ; attempt++) {
    schema = PG_URL
      ? `t_${randomToken(6)
          .toLowerCase()
          .replace(/[^a-z0-9]/g, 'x')}`
      : undefined;
    if (schema) await pgQuery(`create schema "${schema}"`);
    try {
      server = await startServer(config, { log: pino({ level: 'silent' }), pgSchema: schema });
      break;
    } catch (err) {
      if (schema) await pgQuery(`drop schema if exists "${schema}" cascade`);
      if (!schema || attempt >= 4) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
  const pgSchema = schema;
  const sockets: Socket[] = [];
  const api: TestApp['api'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.session) {
      headers.cookie = opts.session.cookie;
      headers['x-csrf-token'] = opts.session.csrf;
    }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const res = await fetch(server.url + path, {
      method,
      headers,
      body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body, headers: res.headers };
  };
  const login: TestApp['login'] = async (email, password) => {
    const res = await api('POST', '/api/v1/auth/login', { body: { email, password } });
    if (res.status !== 200)
      throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    return {
      cookie,
      csrf: res.body.csrfToken,
      userId: res.body.user.id,
      accountId: res.body.user.accountId,
    };
  };
  const seedAccount: TestApp['seedAccount'] = async (opts = {}) => {
    const accountId = newId();
    const system: Actor = { kind: 'system', accountId };
    const slug =
      opts.slug ??
      `acct-${randomToken(5)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, 'x')}`;
    await execute(server.services, system, createAccount, { name: `Account ${slug}`, slug });
    const roles: Array<[keyof SeededAccount['users'], Role]> = [
      ['owner', 'owner'],
      ['supervisor', 'supervisor'],
      ['agent', 'agent'],
      ['agent2', 'agent'],
    ];
    const users = {} as SeededAccount['users'];
    for (const [key, role] of roles) {
      const email = `${key}-${slug}@test.kefu.dev`;
      const password = 'password-123';
      const u = await execute(server.services, system, createUser, {
        email,
        name: `${key} ${slug}`,
        password,
        role,
      });
      users[key] = {
        id: u.id,
        email,
        password,
        actor: { kind: 'user', userId: u.id, accountId, role },
      };
    }
    const inbox = await execute(server.services, system, createInbox, {
      name: 'Web',
      channelType: 'web_widget',
    });
    return {
      accountId,
      inboxId: inbox.id,
      inboxToken: inbox.public_token,
      hmacSecret: inbox.hmac_secret,
      users,
    };
  };
  const visitor: TestApp['visitor'] = async (inboxToken, headers) => {
    const res = await api('POST', '/widget/v1/sessions', { body: { inboxToken }, headers });
    if (res.status !== 200)
      throw new Error(`visitor session failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { token: res.body.visitorToken, contactId: res.body.contact.id };
  };
  const connect = (ns: string, opts: Record<string, unknown>) =>
    new Promise<Socket>((resolve, reject) => {
      const s = ioClient(server.url + ns, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        ...opts,
      });
      sockets.push(s);
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  const stop = async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (pgSchema) await pgQuery(`drop schema "${pgSchema}" cascade`);
  };
  return {
    ...server,
    api,
    login,
    seedAccount,
    visitor,
    stop,
    agentSocket: (session) => connect('/agent', { extraHeaders: { cookie: session.cookie } }),
    visitorSocket: (token) => connect('/visitor', { auth: { token } }),
  };
}

/** Emits with an ack and resolves with the ack payload. */
export function ask<T = any>(
  socket: Socket,
  event: string,
  payload: unknown,
  timeoutMs = 20_000,
): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}

/** Resolves with the first event matching `predicate`, or rejects after `timeoutMs`. */
export function waitFor<T = any>(
  socket: Socket,
  event: string,
  predicate: (p: T) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, on);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const on = (p: T) => {
      if (predicate(p)) {
        clearTimeout(timer);
        socket.off(event, on);
        resolve(p);
      }
    };
    socket.on(event, on);
  });
}
