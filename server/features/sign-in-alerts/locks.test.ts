/**
 * Lockout notification (issue 13): when an address with a user is locked after repeated failed
 * sign-ins, the account's owners and admins are told live (nobody else, no other account), and the
 * user is told once at their next successful sign-in when, after how many failures and from where.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ask,
  type SeededAccount,
  type Session,
  type TestApp,
  testApp,
  waitFor,
} from '../../test/test-app.ts';

let app: TestApp;
let a: SeededAccount;
let b: SeededAccount;
const sockets: Socket[] = [];

beforeAll(async () => {
  app = await testApp({
    TRUSTED_PROXIES: '127.0.0.1', // each request comes from the IP its X-Forwarded-For names
    RATE_LIMIT_LOGIN_PER_MIN: '1000',
    LOGIN_LOCK_AFTER_FAILURES: '3',
  });
  a = await app.seedAccount({ slug: 'locks-a' });
  b = await app.seedAccount({ slug: 'locks-b' });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await app.stop();
});

const signIn = (email: string, password: string, ip = '198.51.100.1') =>
  app.api('POST', '/api/v1/auth/login', {
    body: { email, password },
    headers: { 'x-forwarded-for': ip },
  });
async function listen(session: Session) {
  const sock = await app.agentSocket(session);
  sockets.push(sock);
  const seen: Array<{ type: string; payload: any }> = [];
  sock.on('event', (e) => seen.push(e));
  return { sock, seen };
}
async function lock(email: string) {
  for (const [i, ip] of ['203.0.113.1', '203.0.113.2', '203.0.113.3'].entries()) {
    const r = await signIn(email, `wrong-password-${i}`, ip);
    expect(r.body.error.code).toBe('invalid_credentials');
  }
  expect((await signIn(email, 'whatever', '203.0.113.4')).body.error.code).toBe('account_locked');
}
/** The lock window is over (the counter lives in the kv port, Redis when scaled). */
const windowOver = () =>
  vi.spyOn(app.services.kv, 'peek').mockResolvedValueOnce({ count: 0, retryAfterSeconds: 0 });

describe('lockout notification', () => {
  it("the account's owners and admins are told live; agents, supervisors and other accounts are not", async () => {
    const login = (u: { email: string; password: string }) => app.login(u.email, u.password);
    const owner = await listen(await login(a.users.owner));
    const agent = await listen(await login(a.users.agent2));
    const supervisor = await listen(await login(a.users.supervisor));
    const stranger = await listen(await login(b.users.owner));
    const told = waitFor<{ type: string; payload: any }>(
      owner.sock,
      'event',
      (x) => x.type === 'user.sign_in_locked',
    );
    await lock(a.users.agent.email);
    const e = await told;
    expect(e.payload.lock).toMatchObject({
      userId: a.users.agent.id,
      email: a.users.agent.email,
      failures: 3,
      ip: '203.0.113.3',
      lockedAt: expect.any(String),
      until: expect.any(String),
    });
    expect(Date.parse(e.payload.lock.until)).toBeGreaterThan(Date.parse(e.payload.lock.lockedAt));
    // a later event every socket of account A hears: the lock came before it, to the owner only
    const marker = (s: Socket) =>
      waitFor(
        s,
        'event',
        (x: { type: string; payload: any }) => x.type === 'user.availability_changed',
      );
    const heard = [marker(agent.sock), marker(supervisor.sock), marker(owner.sock)];
    const sup = await login(a.users.supervisor);
    await app.api('PATCH', '/api/v1/me', { session: sup, body: { availability: 'away' } });
    await Promise.all(heard);
    for (const s of [agent, supervisor, stranger])
      expect(s.seen.some((x) => x.type === 'user.sign_in_locked')).toBe(false);
    // nor in what they resume: over the socket and over REST
    const resumeTypes = async (s: Socket) =>
      ((await ask(s, 'resume', { after: 0 })).events as Array<{ type: string }>).map((x) => x.type);
    expect(await resumeTypes(owner.sock)).toContain('user.sign_in_locked');
    expect(await resumeTypes(agent.sock)).not.toContain('user.sign_in_locked');
    expect(await resumeTypes(supervisor.sock)).not.toContain('user.sign_in_locked');
    const rest = await app.api('GET', '/api/v1/events?after=0', { session: sup });
    expect(rest.status).toBe(200);
    expect(rest.body.events.map((x: { type: string }) => x.type)).not.toContain(
      'user.sign_in_locked',
    );
  });

  it('the user is told once, at the next successful sign-in, when, after how many failures and from where', async () => {
    const { email, password } = a.users.agent;
    windowOver();
    const first = await signIn(email, password);
    expect(first.status).toBe(200);
    expect(first.body.notices).toEqual([
      { kind: 'account_locked', at: expect.any(String), failures: 3, ip: '203.0.113.3' },
    ]);
    windowOver();
    const second = await signIn(email, password);
    expect(second.status).toBe(200);
    expect(second.body.notices).toBeUndefined();
    // GET /api/v1/me never carries them
    const me = await app.api('GET', '/api/v1/me', {
      headers: { cookie: second.headers.get('set-cookie')!.split(';')[0] },
    });
    expect(me.body.notices).toBeUndefined();
  });

  it('an address nobody has tells nobody anything', async () => {
    const before = await app.services.database.db
      .selectFrom('sign_in_locks')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    await lock('nobody-here@example.com');
    const after = await app.services.database.db
      .selectFrom('sign_in_locks')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
