/**
 * testApp(): a real server on a random port with a real database — a temp SQLite file, or a fresh
 * PostgreSQL schema (+ Redis) when DATABASE_URL / REDIS_URL are set — plus seeding and the request
 * helpers of client.ts bound to its URL (its sockets are closed by stop()).
 *
 * Presence as the suites were written for it, kept on purpose: seeded accounts sign in offline
 * (`availabilityAtSignIn: 'offline'`; pass `seedAccount({ availabilityAtSignIn: 'default' })` for
 * the product's default, online) and agents without a socket are not set offline
 * (PRESENCE_TIMEOUT_SECONDS=0; pass `testApp({ PRESENCE_TIMEOUT_SECONDS: '' })` for the default).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { Socket } from 'socket.io-client';
import { createAccount, createInbox, createUser } from '../core/commands/accounts.ts';
import { execute } from '../core/commands/context.ts';
import { setPresenceSettings } from '../core/commands/presence.ts';
import { loadConfig } from '../core/config.ts';
import type { Role } from '../core/db/types.ts';
import { newId, randomToken } from '../core/lib/ids.ts';
import { startServer, type RunningServer } from '../main.ts';
import type { Actor } from '../core/policies/actor.ts';
import * as client from './client.ts';
import type { ApiResponse, RequestOpts, Session } from './client.ts';

export { ask, waitFor } from './client.ts';
export type { ApiResponse, RequestOpts, Session } from './client.ts';

export const PG_URL = process.env.DATABASE_URL?.startsWith('postgres')
  ? process.env.DATABASE_URL
  : undefined;
export const REDIS_URL = process.env.REDIS_URL;

export interface TestApp extends RunningServer {
  api: (method: string, path: string, opts?: RequestOpts) => Promise<ApiResponse>;
  seedAccount: (opts?: {
    slug?: string;
    /** Default 'offline' (the suites' assumption); 'default' leaves the account's setting unset. */
    availabilityAtSignIn?: 'online' | 'offline' | 'default';
  }) => Promise<SeededAccount>;
  login: (email: string, password: string) => Promise<Session>;
  visitor: (
    inboxToken: string,
    headers?: Record<string, string>,
  ) => Promise<{ token: string; contactId: string }>;
  agentSocket: (session: Session) => Promise<Socket>;
  visitorSocket: (token: string) => Promise<Socket>;
  stop: () => Promise<void>;
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
    // NODE_ENV=test turns on the response check (core/http/route.ts): every test is also a schema test.
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SECRET_KEY: 'test-secret-key-test-secret-key-0123456789',
    ...(PG_URL ? { DATABASE_URL: PG_URL } : {}),
    ...(REDIS_URL ? { REDIS_URL } : {}),
    SEED_DEMO: 'false',
    PRESENCE_TIMEOUT_SECONDS: '0',
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
  const api: TestApp['api'] = (method, path, opts) => client.api(server.url, method, path, opts);
  const login: TestApp['login'] = (email, password) => client.login(server.url, email, password);
  const seedAccount: TestApp['seedAccount'] = async (opts = {}) => {
    const accountId = newId();
    const system: Actor = { kind: 'system', accountId };
    const slug =
      opts.slug ??
      `acct-${randomToken(5)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, 'x')}`;
    await execute(server.services, system, createAccount, { name: `Account ${slug}`, slug });
    const atSignIn = opts.availabilityAtSignIn ?? 'offline';
    if (atSignIn !== 'default')
      await execute(server.services, system, setPresenceSettings, {
        availabilityAtSignIn: atSignIn,
      });
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
  const socket = (namespace: '/agent' | '/visitor', auth: { cookie?: string; token?: string }) => {
    const s = client.openSocket(server.url, namespace, auth);
    sockets.push(s);
    return client.waitConnected(s);
  };
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
    visitor: (inboxToken, headers) => client.widgetSession(server.url, inboxToken, headers),
    stop,
    agentSocket: (session) => socket('/agent', { cookie: session.cookie }),
    visitorSocket: (token) => socket('/visitor', { token }),
  };
}
