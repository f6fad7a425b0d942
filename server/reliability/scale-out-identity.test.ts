/**
 * Two nodes (PostgreSQL + Redis): a revocation on node A ends the live agent sockets held by node B
 * — logout, token revoke, password change, disabling the user (core/realtime/identity.ts; the
 * Redis adapter carries the disconnect request). Skipped unless DATABASE_URL (postgres) and
 * REDIS_URL are set.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, openSocket, type Session, waitConnected } from '../test/client.ts';
import { killAllSpawned, type SpawnedServer, spawnServer } from '../test/spawn-server.ts';

const PG_URL = process.env.DATABASE_URL?.startsWith('postgres')
  ? process.env.DATABASE_URL
  : undefined;
const REDIS_URL = process.env.REDIS_URL;
const OWNER = { email: 'admin@demo.kefu.dev', password: 'kefu-admin-2026' };
const LI = { email: 'li@demo.kefu.dev', password: 'kefu-agent-2026' };
const SAM = { email: 'sam@demo.kefu.dev', password: 'kefu-agent-2026' };

const withSearchPath = (url: string, schema: string) =>
  `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

describe.skipIf(!PG_URL || !REDIS_URL)(
  'scale-out: revocations end sockets on the other node',
  () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const dirs = [
      mkdtempSync(join(tmpdir(), 'kefu-id-a-')),
      mkdtempSync(join(tmpdir(), 'kefu-id-b-')),
    ];
    const sockets: Socket[] = [];
    let a: SpawnedServer;
    let b: SpawnedServer;

    beforeAll(async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`create schema "${schema}"`);
      await c.end();
      const common = {
        DATABASE_URL: withSearchPath(PG_URL!, schema),
        REDIS_URL: REDIS_URL!,
        SECRET_KEY: 'scale-out-identity-key-0123456789abcdef',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_LOGIN_PER_MIN: '1000',
      };
      a = await spawnServer({
        name: 'id-a',
        env: { ...common, DATA_DIR: dirs[0], SEED_DEMO: 'true' },
      });
      b = await spawnServer({
        name: 'id-b',
        env: { ...common, DATA_DIR: dirs[1], SEED_DEMO: 'false' },
      });
    }, 90_000);

    afterAll(async () => {
      for (const s of sockets) s.close();
      await killAllSpawned('SIGTERM');
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    /** An agent socket on node B (no reconnection: a server-side disconnect is final). */
    async function onB(auth: { cookie?: string; token?: string }): Promise<Socket> {
      const s = openSocket(b.url, '/agent', auth);
      sockets.push(s);
      await waitConnected(s, 15_000);
      return s;
    }
    const ended = (s: Socket) => new Promise<string>((r) => s.once('disconnect', r));
    const on = (session: Session, method: string, path: string, body?: unknown) =>
      api(a.url, method, path, { session, body });

    it('logout and token revoke on A end the sockets on B', async () => {
      const s1 = await login(a.url, LI.email, LI.password);
      const s2 = await login(a.url, LI.email, LI.password);
      const sock1 = await onB({ cookie: s1.cookie });
      const sock2 = await onB({ cookie: s2.cookie });
      const gone = ended(sock1);
      expect((await on(s1, 'POST', '/api/v1/auth/logout')).status).toBe(204);
      expect(await gone).toBe('io server disconnect');
      expect(sock2.connected).toBe(true);

      const made = await on(s2, 'POST', '/api/v1/me/tokens', { name: 'integration' });
      expect(made.status).toBe(201);
      const tokenSock = await onB({ token: made.body.token });
      const tokenGone = ended(tokenSock);
      expect((await on(s2, 'DELETE', `/api/v1/me/tokens/${made.body.id}`)).status).toBe(204);
      expect(await tokenGone).toBe('io server disconnect');
      expect(sock2.connected).toBe(true);
    });

    it('a password change and disabling a user on A end their sockets on B', async () => {
      const li = await login(a.url, LI.email, LI.password);
      const liSock = await onB({ cookie: li.cookie });
      const liGone = ended(liSock);
      const changed = await on(li, 'POST', '/api/v1/me/password', {
        currentPassword: LI.password,
        newPassword: 'li-new-passphrase-2026',
      });
      expect(changed.status).toBe(200);
      expect(await liGone).toBe('io server disconnect');

      const owner = await login(a.url, OWNER.email, OWNER.password);
      const sam = await login(a.url, SAM.email, SAM.password);
      const samSock = await onB({ cookie: sam.cookie });
      const me = await api(a.url, 'GET', '/api/v1/me', { session: sam });
      const samGone = ended(samSock);
      const disabled = await on(owner, 'PATCH', `/api/v1/users/${me.body.user.id}`, {
        disabled: true,
      });
      expect(disabled.status).toBe(200);
      expect(await samGone).toBe('io server disconnect');
    });
  },
);
