/**
 * POST /api/v1/users across tenants (issue 13): tenant B adding an address that has an account in
 * tenant A gets the same answer, and reads the same afterwards, as for a free address; the pending
 * user becomes a user on the first sign-in with the chosen password (free addresses only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse, SeededAccount, Session, TestApp } from '../../../test/test-app.ts';
import { until } from '../../../test/wait.ts';
import { consoleApp } from '../test/console-app.ts';

let app: TestApp;
let acct: SeededAccount; // tenant A
let other: SeededAccount; // tenant B
let owner: Session; // A's owner
let agent: Session; // A's agent
let stranger: Session; // B's owner

beforeAll(async () => {
  ({ app, acct, other, owner, agent, stranger } = await consoleApp());
});
afterAll(async () => {
  await app.stop();
});

/** An address of the same length as `email` that nobody has (so even content-length matches). */
const freeLike = (email: string) => `y${email.slice(1)}`;
const PASSWORD = 'orbit-kettle-lantern-58';
const add = (session: Session, email: string, extra: Record<string, unknown> = {}) =>
  app.api('POST', '/api/v1/users', {
    session,
    body: { email, name: 'Xu Ming', password: PASSWORD, role: 'agent', ...extra },
  });
const signIn = (email: string, password: string) =>
  app.api('POST', '/api/v1/auth/login', { body: { email, password } });

/** What may differ between two answers: fresh ids, times and the address itself. */
const VARYING = new Set(['id', 'email', 'createdAt', 'expiresAt']);
const normal = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, VARYING.has(k) ? typeof v : v]));
const headersOf = (r: ApiResponse) => {
  const out: [string, string][] = [];
  r.headers.forEach((v, k) => {
    if (k !== 'date' && k !== 'x-request-id') out.push([k, v]);
  });
  return out;
};

describe('POST /api/v1/users across tenants', () => {
  it('answers and reads the same whether or not the address has an account in another tenant', async () => {
    const taken = acct.users.agent2.email; // a user of tenant A
    const free = freeLike(taken);
    expect(free).toHaveLength(taken.length);
    const a = await add(stranger, taken);
    const b = await add(stranger, free);
    expect(a.status).toBe(201);
    expect(b.status).toBe(a.status);
    expect(headersOf(b)).toEqual(headersOf(a));
    expect(normal(b.body)).toEqual(normal(a.body));
    expect(a.body).toMatchObject({ status: 'pending', activation: 'sign_in', email: taken });

    // everything tenant B reads afterwards treats both alike
    const users = await app.api('GET', '/api/v1/users', { session: stranger });
    const emails = users.body.data.map((u: { email: string }) => u.email);
    expect(emails).not.toContain(taken);
    expect(emails).not.toContain(free);
    const invitations = (await app.api('GET', '/api/v1/invitations', { session: stranger })).body
      .data as Array<Record<string, unknown>>;
    const listed = (email: string) => normal(invitations.find((i) => i.email === email)!);
    expect(listed(free)).toEqual(listed(taken));
    const audit = await until(
      async () =>
        (await app.api('GET', '/api/v1/audit?action=user.create', { session: stranger })).body
          .data as Array<Record<string, unknown>>,
      (rows) => rows.length >= 2,
      { what: 'two user.create rows' },
    );
    const row = (id: string) => audit.find((r) => r.targetId === id)!;
    const strip = ({ id: _, targetId: __, createdAt: ___, detail, ...rest }: any) => ({
      ...rest,
      detail: { ...detail, values: { ...detail.values, email: typeof detail.values?.email } },
    });
    expect(strip(row(b.body.id))).toEqual(strip(row(a.body.id)));
    const events = await app.api('GET', '/api/v1/events?after=0&limit=1000', {
      session: stranger,
    });
    const created = (events.body.events as Array<{ type: string; payload: any }>)
      .filter((e) => e.type === 'invitation.created')
      .map((e) => normal(e.payload.invitation));
    expect(created).toHaveLength(2);
    expect(created[1]).toEqual(created[0]);
    // the address stays tenant A's, untouched
    expect((await signIn(taken, acct.users.agent2.password)).status).toBe(200);
  });

  it('the first sign-in with the chosen password turns a pending user into a user (free addresses only)', async () => {
    const taken = acct.users.supervisor.email;
    const free = 'first.sign-in@example.com';
    await add(stranger, taken, { role: 'supervisor', locale: 'en' });
    const pending = await add(stranger, free, { role: 'supervisor', locale: 'en' });
    expect((await signIn(free, 'not-the-password-9')).status).toBe(401);
    const first = await signIn(free, PASSWORD);
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({
      email: free,
      name: 'Xu Ming',
      role: 'supervisor',
      locale: 'en',
      accountId: other.accountId,
    });
    const users = await app.api('GET', '/api/v1/users', { session: stranger });
    expect(users.body.data.map((u: { email: string }) => u.email)).toContain(free);
    const invitations = await app.api('GET', '/api/v1/invitations', { session: stranger });
    expect(
      invitations.body.data.find((i: { id: string }) => i.id === pending.body.id),
    ).toMatchObject({ status: 'accepted' });
    expect((await signIn(free, PASSWORD)).status).toBe(200); // an ordinary user from now on
    // the taken address: the sign-in checks tenant A's user and their own password only
    const tried = await signIn(taken, PASSWORD);
    expect(tried.status).toBe(401);
    expect(tried.body.error.code).toBe('invalid_credentials');
    const own = await signIn(taken, acct.users.supervisor.password);
    expect(own.body.user.accountId).toBe(acct.accountId);
  });

  it('a new pending user for the same address replaces the previous one', async () => {
    const email = 'replaced@example.com';
    await add(stranger, email);
    const again = await add(stranger, email, { password: 'second-choice-passphrase-3' });
    expect(again.status).toBe(201);
    expect((await signIn(email, PASSWORD)).status).toBe(401);
    expect((await signIn(email, 'second-choice-passphrase-3')).status).toBe(200);
  });

  it("an address of the admin's own account answers 409; roles and permissions as before", async () => {
    const own = await add(owner, acct.users.agent.email);
    expect(own.status).toBe(409);
    expect(own.body.error.code).toBe('email_taken');
    expect((await add(agent, 'someone@example.com')).status).toBe(403);
    const admin = await app.login(other.users.supervisor.email, other.users.supervisor.password);
    expect((await add(admin, 'boss@example.com', { role: 'owner' })).status).toBe(403);
  });
});
