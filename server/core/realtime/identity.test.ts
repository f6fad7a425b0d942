/**
 * A live agent socket ends with the credential that opened it: logout, logout everywhere, password
 * change, token revoke, a disabled user or a changed role each disconnect it at once; a socket whose
 * credential vanished behind the API's back cannot act, and the sweep ends it. (Two PostgreSQL +
 * Redis nodes: server/reliability/scale-out-identity.test.ts.)
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ask,
  type SeededAccount,
  type Session,
  type TestApp,
  testApp,
} from '../../test/test-app.ts';
import { startIdentitySweep } from './identity.ts';

let app: TestApp;
const extra: Socket[] = [];

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
});
afterAll(async () => {
  for (const s of extra) s.disconnect();
  await app.stop();
});

/** Resolves with the disconnect reason of `s` (never, if it stays connected). */
const ended = (s: Socket) => new Promise<string>((r) => s.once('disconnect', r));

async function tokenSocket(session: Session): Promise<{ socket: Socket; id: string }> {
  const made = await app.api('POST', '/api/v1/me/tokens', { session, body: { name: 'bot' } });
  expect(made.status).toBe(201);
  const socket = io(`${app.url}/agent`, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { token: made.body.token },
    reconnection: false,
  });
  extra.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, id: made.body.id };
}

async function agentWithTwoSessions(acct: SeededAccount) {
  const { email, password } = acct.users.agent;
  const [s1, s2] = [await app.login(email, password), await app.login(email, password)];
  return { s1, s2, sock1: await app.agentSocket(s1), sock2: await app.agentSocket(s2) };
}

describe('live agent sockets end with their identity', () => {
  it('logout ends that session’s socket only', async () => {
    const acct = await app.seedAccount();
    const { s1, sock1, sock2 } = await agentWithTwoSessions(acct);
    const gone = ended(sock1);
    expect((await app.api('POST', '/api/v1/auth/logout', { session: s1 })).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    expect(sock2.connected).toBe(true);
    expect(await ask(sock2, 'resume', { after: 0 })).not.toHaveProperty('error');
  });

  it('logout everywhere and a password change end every session socket; a token socket stays', async () => {
    const acct = await app.seedAccount();
    const { s1, sock1, sock2 } = await agentWithTwoSessions(acct);
    const tok = await tokenSocket(s1);
    const both = Promise.all([ended(sock1), ended(sock2)]);
    expect((await app.api('POST', '/api/v1/auth/logout-all', { session: s1 })).status).toBe(200);
    expect(await both).toEqual(['io server disconnect', 'io server disconnect']);
    expect(tok.socket.connected).toBe(true);

    const { email, password } = acct.users.agent;
    const s3 = await app.login(email, password);
    const sock3 = await app.agentSocket(s3);
    const gone = ended(sock3);
    const changed = await app.api('POST', '/api/v1/me/password', {
      session: s3,
      body: { currentPassword: password, newPassword: 'a-new-passphrase-2026' },
    });
    expect(changed.status).toBe(200);
    expect(await gone).toBe('io server disconnect');
  });

  it('revoking a token ends its socket', async () => {
    const acct = await app.seedAccount();
    const s = await app.login(acct.users.agent.email, acct.users.agent.password);
    const tok = await tokenSocket(s);
    const gone = ended(tok.socket);
    const r = await app.api('DELETE', `/api/v1/me/tokens/${tok.id}`, { session: s });
    expect(r.status).toBe(204);
    expect(await gone).toBe('io server disconnect');
  });

  it('disabling a user ends all their sockets (sessions and tokens); a role change too, a rename not', async () => {
    const acct = await app.seedAccount();
    const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
    const { sock1 } = await agentWithTwoSessions(acct);
    const patch = (body: object) =>
      app.api('PATCH', `/api/v1/users/${acct.users.agent.id}`, { session: owner, body });

    expect((await patch({ name: 'Renamed' })).status).toBe(200);
    expect(await ask(sock1, 'resume', { after: 0 })).not.toHaveProperty('error');
    expect(sock1.connected).toBe(true);

    const roleGone = ended(sock1);
    expect((await patch({ role: 'supervisor' })).status).toBe(200);
    expect(await roleGone).toBe('io server disconnect');

    const s4 = await app.login(acct.users.agent.email, acct.users.agent.password);
    const sock4 = await app.agentSocket(s4);
    const tok = await tokenSocket(s4);
    const all = Promise.all([ended(sock4), ended(tok.socket)]);
    expect((await patch({ disabled: true })).status).toBe(200);
    expect(await all).toEqual(['io server disconnect', 'io server disconnect']);
  });

  it('a socket whose session vanished behind the API cannot act: unauthorized, disconnected, nothing stored', async () => {
    const acct = await app.seedAccount();
    const s = await app.login(acct.users.agent.email, acct.users.agent.password);
    const sock = await app.agentSocket(s);
    const v = await app.visitor(acct.inboxToken);
    const vs = await app.visitorSocket(v.token);
    const first = await ask(vs, 'message:send', { content: 'hi', clientMessageId: 'id-1' });
    const conversationId = first.message.conversationId;
    await app.services.database.db.deleteFrom('sessions').where('user_id', '=', s.userId).execute();
    const gone = ended(sock);
    const r = await ask(sock, 'message:send', {
      conversationId,
      content: 'as a ghost',
      clientMessageId: 'ghost-1',
    });
    expect(r.error.code).toBe('unauthorized');
    expect(await gone).toBe('io server disconnect');
    const stored = await app.services.database.db
      .selectFrom('messages')
      .select('content')
      .where('conversation_id', '=', conversationId)
      .execute();
    expect(stored.map((m) => m.content)).toEqual(['hi']);
  });

  it('the sweep ends a socket whose session expired', async () => {
    const acct = await app.seedAccount();
    const s = await app.login(acct.users.agent.email, acct.users.agent.password);
    const sock = await app.agentSocket(s);
    const other = await app.login(acct.users.agent2.email, acct.users.agent2.password);
    const keeps = await app.agentSocket(other);
    await app.services.database.db
      .updateTable('sessions')
      .set({ expires_at: app.services.clock.now() - 1 })
      .where('user_id', '=', s.userId)
      .execute();
    const gone = ended(sock);
    const stop = startIdentitySweep(app.gateway.agents, app.services, 20);
    try {
      expect(await gone).toBe('io server disconnect');
      expect(keeps.connected).toBe(true);
    } finally {
      stop();
    }
  });
});
