/**
 * Personal API tokens with scopes and expiry (policies/token-scopes.ts): `read` only GETs, and its
 * socket receives but does not send; `conversations` works conversations and contacts but not
 * settings; `admin` does what the role allows. An expired token answers 401 (REST and socket); a
 * password change with `revokeTokens` revokes every token and ends their sockets.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ask,
  type SeededAccount,
  type Session,
  type TestApp,
  testApp,
  waitFor,
} from '../../../test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let owner: Session;
let agent: Session;
let conversationId: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  acct = await app.seedAccount();
  owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
  const v = await app.visitor(acct.inboxToken);
  const sent = await app.api('POST', '/widget/v1/messages', {
    token: v.token,
    body: { content: 'hello', clientMessageId: 'scopes-1' },
  });
  conversationId = sent.body.conversation.id;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await app.stop();
});

async function token(session: Session, body: Record<string, unknown>) {
  const r = await app.api('POST', '/api/v1/me/tokens', { session, body: { name: 'ci', ...body } });
  expect(r.status).toBe(201);
  return r.body as { id: string; token: string; scopes: string[]; expiresAt: string | null };
}

function tokenSocket(t: string): Promise<Socket> {
  const socket = io(`${app.url}/agent`, {
    transports: ['websocket'],
    auth: { token: t },
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}
const ended = (s: Socket) => new Promise<string>((r) => s.once('disconnect', r));
const send = (t: string, id: string) =>
  app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
    token: t,
    body: { content: `from ${id}`, clientMessageId: id },
  });

describe('API token scopes', () => {
  it('a read token GETs what the role allows and nothing else', async () => {
    const t = await token(owner, { scopes: ['read'] });
    expect(t.scopes).toEqual(['read']);
    expect((await app.api('GET', '/api/v1/conversations', { token: t.token })).status).toBe(200);
    expect((await app.api('GET', '/api/v1/users', { token: t.token })).status).toBe(200);
    const post = await send(t.token, 'read-1');
    expect(post.status).toBe(403);
    expect(post.body.error.code).toBe('insufficient_scope');
    const patch = await app.api('PATCH', '/api/v1/account', {
      token: t.token,
      body: { name: 'Renamed' },
    });
    expect(patch.body.error.code).toBe('insufficient_scope');
  });

  it('a conversations token works conversations and contacts, not settings', async () => {
    const t = await token(owner, { scopes: ['conversations'] });
    expect((await send(t.token, 'conv-1')).status).toBe(201);
    expect((await app.api('GET', '/api/v1/contacts', { token: t.token })).status).toBe(200);
    expect((await app.api('GET', '/api/v1/me', { token: t.token })).status).toBe(200);
    for (const [method, path, body] of [
      ['PATCH', '/api/v1/account', { name: 'Renamed' }],
      ['PATCH', `/api/v1/inboxes/${acct.inboxId}`, { name: 'Renamed' }],
      ['POST', '/api/v1/labels', { name: 'vip', color: '#ff0000' }],
      ['GET', '/api/v1/users', undefined],
      ['POST', '/api/v1/me/tokens', { name: 'more' }],
    ] as const) {
      const r = await app.api(method, path, { token: t.token, body });
      expect([method, path, r.status, r.body.error.code]).toEqual([
        method,
        path,
        403,
        'insufficient_scope',
      ]);
    }
    // read + conversations: the union
    const both = await token(owner, { scopes: ['read', 'conversations'] });
    expect((await app.api('GET', '/api/v1/users', { token: both.token })).status).toBe(200);
    expect((await send(both.token, 'both-1')).status).toBe(201);
  });

  it('an admin token (the default) does what the role allows; the list shows scope, expiry, last use', async () => {
    const t = await token(owner, {});
    expect(t).toMatchObject({ scopes: ['admin'], expiresAt: null });
    const ok = await app.api('PATCH', '/api/v1/account', {
      token: t.token,
      body: { locale: 'en' },
    });
    expect(ok.status).toBe(200);
    const agentToken = await token(agent, { scopes: ['admin'] });
    const refused = await app.api('PATCH', '/api/v1/account', {
      token: agentToken.token,
      body: { locale: 'en' },
    });
    expect(refused.body.error.code).toBe('forbidden');
    const list = await app.api('GET', '/api/v1/me/tokens', { session: owner });
    const row = list.body.data.find((r: { id: string }) => r.id === t.id);
    expect(row).toMatchObject({
      scopes: ['admin'],
      expiresAt: null,
      lastUsedAt: expect.any(String),
    });
    const bad = await app.api('POST', '/api/v1/me/tokens', {
      session: owner,
      body: { name: 'x', scopes: ['everything'] },
    });
    expect(bad.status).toBe(400);
  });
});

describe('API token expiry', () => {
  it('expires after the chosen days; an expired token answers 401 on REST and sockets', async () => {
    const t = await token(agent, { scopes: ['read'], expiresInDays: 30 });
    // exactly 30 days after its creation, by the server's clock (no wall-clock window in the test)
    const row = await app.services.database.db
      .selectFrom('api_tokens')
      .select(['created_at', 'expires_at'])
      .where('id', '=', t.id)
      .executeTakeFirstOrThrow();
    expect(Number(row.expires_at) - Number(row.created_at)).toBe(30 * 86_400_000);
    expect(Date.parse(t.expiresAt!)).toBe(Number(row.expires_at));
    expect(
      (
        await app.api('POST', '/api/v1/me/tokens', {
          session: agent,
          body: { name: 'x', expiresInDays: 7 },
        })
      ).status,
    ).toBe(400);

    const sock = await tokenSocket(t.token);
    expect((await app.api('GET', '/api/v1/conversations', { token: t.token })).status).toBe(200);
    await app.services.database.db
      .updateTable('api_tokens')
      .set({ expires_at: Date.now() - 1000 })
      .where('id', '=', t.id)
      .execute();
    const r = await app.api('GET', '/api/v1/conversations', { token: t.token });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('token_expired');
    await expect(tokenSocket(t.token)).rejects.toThrow();
    // the live socket cannot act any more, and is ended
    const gone = ended(sock);
    expect((await ask(sock, 'resume', { after: 0 })).error.code).toBe('unauthorized');
    expect(await gone).toBe('io server disconnect');
  });
});

describe('token sockets and password changes', () => {
  it('a read token socket receives events but cannot send or type; a conversations one can', async () => {
    const read = await tokenSocket((await token(agent, { scopes: ['read'] })).token);
    const conv = await tokenSocket((await token(agent, { scopes: ['conversations'] })).token);
    expect(await ask(read, 'conversation:join', { conversationId })).toEqual({ ok: true });
    const seen = waitFor(read, 'event', (e: { type: string }) => e.type === 'message.created');
    const sent = await ask(conv, 'message:send', {
      conversationId,
      content: 'from a conversations token',
      clientMessageId: 'sock-conv-1',
    });
    expect(sent.message.content).toBe('from a conversations token');
    expect((await seen).type).toBe('message.created');
    const refused = await ask(read, 'message:send', {
      conversationId,
      content: 'from a read token',
      clientMessageId: 'sock-read-1',
    });
    expect(refused.error.code).toBe('insufficient_scope');
    const typing = await ask(read, 'typing', { conversationId, typing: true });
    expect(typing.error.code).toBe('insufficient_scope');
  });

  it('revokeTokens on a password change revokes every token and ends their sockets', async () => {
    const other = await app.seedAccount();
    const { email, password } = other.users.agent;
    const s = await app.login(email, password);
    const kept = await token(s, {});
    const change = (session: Session, from: string, to: string, revokeTokens?: boolean) =>
      app.api('POST', '/api/v1/me/password', {
        session,
        body: { currentPassword: from, newPassword: to, ...(revokeTokens ? { revokeTokens } : {}) },
      });
    // without it, tokens stay
    expect((await change(s, password, 'Tq8#zLm2-vWx9rK')).body.revokedTokens).toBe(0);
    expect((await app.api('GET', '/api/v1/me', { token: kept.token })).status).toBe(200);

    const s2 = await app.login(email, 'Tq8#zLm2-vWx9rK');
    const t2 = await token(s2, { scopes: ['conversations'] });
    const sockA = await tokenSocket(kept.token);
    const sockB = await tokenSocket(t2.token);
    const gone = Promise.all([ended(sockA), ended(sockB)]);
    const changed = await change(s2, 'Tq8#zLm2-vWx9rK', 'Zp4!nRw7-kYc2sQ', true);
    expect(changed.status).toBe(200);
    expect(changed.body.revokedTokens).toBe(2);
    expect(await gone).toEqual(['io server disconnect', 'io server disconnect']);
    expect((await app.api('GET', '/api/v1/me', { token: kept.token })).status).toBe(401);
    const list = await app.api('GET', '/api/v1/me/tokens', {
      session: await app.login(email, 'Zp4!nRw7-kYc2sQ'),
    });
    expect(list.body.data).toEqual([]);
  });
});
