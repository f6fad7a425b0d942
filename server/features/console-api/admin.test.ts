import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../test/test-app.ts';
import { invitationStatus } from './invitations.ts';

let app: TestApp;
let acct: SeededAccount;
let other: SeededAccount;
let owner: Session;
let agent: Session;
let supervisor: Session;
let stranger: Session;

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  acct = await app.seedAccount();
  other = await app.seedAccount();
  owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
  supervisor = await app.login(acct.users.supervisor.email, acct.users.supervisor.password);
  stranger = await app.login(other.users.owner.email, other.users.owner.password);
});
afterAll(async () => {
  await app.stop();
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const form = (data: Buffer | string, name: string) => {
  const f = new FormData();
  f.append('file', new Blob([typeof data === 'string' ? data : new Uint8Array(data)]), name);
  return f;
};

describe('saved filters', () => {
  it('creates, lists (only mine), renames and deletes', async () => {
    const created = await app.api('POST', '/api/v1/saved-filters', {
      session: agent,
      body: {
        name: 'Urgent refunds',
        filter: {
          status: 'open,pending',
          label: 'refund',
          assignee: 'me',
          q: '退款',
          sort: 'last_activity',
        },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Urgent refunds',
      filter: { status: 'open,pending', label: 'refund', assignee: 'me', q: '退款' },
    });
    await app.api('POST', '/api/v1/saved-filters', {
      session: supervisor,
      body: { name: 'Sup view', filter: { assignee: 'none' } },
    });
    const mine = await app.api('GET', '/api/v1/saved-filters', { session: agent });
    expect(mine.body.data.map((f: { name: string }) => f.name)).toEqual(['Urgent refunds']);
    const renamed = await app.api('PATCH', `/api/v1/saved-filters/${created.body.id}`, {
      session: agent,
      body: { name: 'Refunds', filter: { status: 'open' } },
    });
    expect(renamed.body).toMatchObject({ name: 'Refunds', filter: { status: 'open' } });
    expect(
      (await app.api('DELETE', `/api/v1/saved-filters/${created.body.id}`, { session: agent }))
        .status,
    ).toBe(204);
    expect((await app.api('GET', '/api/v1/saved-filters', { session: agent })).body.data).toEqual(
      [],
    );
  });

  it('rejects bad filters, unknown fields and duplicate names with stable codes', async () => {
    const bad = await app.api('POST', '/api/v1/saved-filters', {
      session: agent,
      body: { name: 'x', filter: { status: 'open,bogus' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    const extra = await app.api('POST', '/api/v1/saved-filters', {
      session: agent,
      body: { name: 'x', filter: { sql: '1=1' } },
    });
    expect(extra.status).toBe(400);
    const injected = await app.api('POST', '/api/v1/saved-filters', {
      session: agent,
      body: { name: 'x', filter: { sort: 'id; drop table users' } },
    });
    expect(injected.status).toBe(400);
    await app.api('POST', '/api/v1/saved-filters', {
      session: agent,
      body: { name: 'Dup', filter: {} },
    });
    const dup = await app.api('POST', '/api/v1/saved-filters', {
      session: agent,
      body: { name: 'dup', filter: {} },
    });
    expect(dup.status).toBe(400);
    expect(dup.body.error.code).toBe('name_taken');
  });

  it("another user's or another account's filter is a 404", async () => {
    const f = await app.api('POST', '/api/v1/saved-filters', {
      session: agent,
      body: { name: 'Private', filter: { inbox: acct.inboxId } },
    });
    for (const s of [supervisor, stranger]) {
      expect(
        (
          await app.api('PATCH', `/api/v1/saved-filters/${f.body.id}`, {
            session: s,
            body: { name: 'stolen' },
          })
        ).status,
      ).toBe(404);
      expect(
        (await app.api('DELETE', `/api/v1/saved-filters/${f.body.id}`, { session: s })).status,
      ).toBe(404);
    }
    expect((await app.api('DELETE', '/api/v1/saved-filters/1', { session: agent })).status).toBe(
      404,
    );
  });
});

describe('invitations', () => {
  it('admin invites, the link works once, the new agent logs in', async () => {
    const inv = await app.api('POST', '/api/v1/invitations', {
      session: owner,
      body: { email: 'New.Agent@Example.com', role: 'agent' },
    });
    expect(inv.status).toBe(201);
    expect(inv.body.url).toMatch(/\/app\/accept-invite\?token=[A-Za-z0-9_-]{40,}$/);
    expect(inv.body.invitation).toMatchObject({
      email: 'new.agent@example.com',
      role: 'agent',
      status: 'pending',
    });
    const token = inv.body.token as string;
    const row = await app.services.database.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', inv.body.invitation.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    const listed = await app.api('GET', '/api/v1/invitations', { session: owner });
    expect(JSON.stringify(listed.body)).not.toContain(token);

    const lookup = await app.api('GET', `/api/v1/invitations/lookup?token=${token}`);
    expect(lookup.body).toMatchObject({
      email: 'new.agent@example.com',
      role: 'agent',
      account: { name: expect.any(String) },
    });
    const weak = await app.api('POST', '/api/v1/invitations/accept', {
      body: { token, name: 'Neo', password: 'short' },
    });
    expect(weak.status).toBe(400);
    const accepted = await app.api('POST', '/api/v1/invitations/accept', {
      body: { token, name: 'Neo', password: 'neo-password-1', locale: 'en' },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      email: 'new.agent@example.com',
      name: 'Neo',
      role: 'agent',
    });
    const s = await app.login('new.agent@example.com', 'neo-password-1');
    expect(s.accountId).toBe(acct.accountId);
    const again = await app.api('POST', '/api/v1/invitations/accept', {
      body: { token, name: 'Neo 2', password: 'neo-password-2' },
    });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('invitation_invalid');
    expect((await app.api('GET', `/api/v1/invitations/lookup?token=${token}`)).status).toBe(404);
    const after = await app.api('GET', '/api/v1/invitations', { session: owner });
    expect(
      after.body.data.find((i: { id: string }) => i.id === inv.body.invitation.id).status,
    ).toBe('accepted');
  });

  it('expired and revoked links fail; concurrent accepts create one user', async () => {
    const inv = await app.api('POST', '/api/v1/invitations', {
      session: owner,
      body: { email: 'late@example.com' },
    });
    await app.services.database.db
      .updateTable('invitations')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', inv.body.invitation.id)
      .execute();
    const late = await app.api('POST', '/api/v1/invitations/accept', {
      body: { token: inv.body.token, name: 'Late', password: 'late-password' },
    });
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('invitation_expired');

    const inv2 = await app.api('POST', '/api/v1/invitations', {
      session: owner,
      body: { email: 'revoked@example.com' },
    });
    expect(
      (
        await app.api('DELETE', `/api/v1/invitations/${inv2.body.invitation.id}`, {
          session: owner,
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await app.api('POST', '/api/v1/invitations/accept', {
          body: { token: inv2.body.token, name: 'R', password: 'revoked-pass' },
        })
      ).body.error.code,
    ).toBe('invitation_invalid');

    const inv3 = await app.api('POST', '/api/v1/invitations', {
      session: owner,
      body: { email: 'race@example.com' },
    });
    const results = await Promise.all(
      [1, 2, 3].map((i) =>
        app.api('POST', '/api/v1/invitations/accept', {
          body: { token: inv3.body.token, name: `Racer ${i}`, password: 'race-password' },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const users = await app.services.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'race@example.com')
      .execute();
    expect(users).toHaveLength(1);
    expect(
      (
        await app.api('POST', '/api/v1/invitations/accept', {
          body: { token: 'x'.repeat(43), name: 'X', password: 'whatever-123' },
        })
      ).status,
    ).toBe(404);
  });

  it('a new invitation replaces the pending one for the same email', async () => {
    const a = await app.api('POST', '/api/v1/invitations', {
      session: owner,
      body: { email: 'twice@example.com' },
    });
    const b = await app.api('POST', '/api/v1/invitations', {
      session: owner,
      body: { email: 'twice@example.com', role: 'supervisor' },
    });
    expect((await app.api('GET', `/api/v1/invitations/lookup?token=${a.body.token}`)).status).toBe(
      404,
    );
    expect(
      (await app.api('GET', `/api/v1/invitations/lookup?token=${b.body.token}`)).body.role,
    ).toBe('supervisor');
  });

  it('only admins invite, never above their role, never an existing email; other accounts get 404', async () => {
    expect(
      (
        await app.api('POST', '/api/v1/invitations', {
          session: agent,
          body: { email: 'a@example.com' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await app.api('POST', '/api/v1/invitations', {
          session: supervisor,
          body: { email: 'a@example.com' },
        })
      ).status,
    ).toBe(403);
    expect((await app.api('GET', '/api/v1/invitations', { session: agent })).status).toBe(403);
    const taken = await app.api('POST', '/api/v1/invitations', {
      session: owner,
      body: { email: acct.users.agent.email },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('email_taken');
    const inv = await app.api('POST', '/api/v1/invitations', {
      session: owner,
      body: { email: 'mine@example.com' },
    });
    expect(
      (
        await app.api('DELETE', `/api/v1/invitations/${inv.body.invitation.id}`, {
          session: stranger,
        })
      ).status,
    ).toBe(404);
    expect(
      (await app.api('GET', '/api/v1/invitations', { session: stranger })).body.data.some(
        (i: { id: string }) => i.id === inv.body.invitation.id,
      ),
    ).toBe(false);
  });

  it('status is derived purely', () => {
    const now = 1000;
    expect(invitationStatus({ accepted_at: null, revoked_at: null, expires_at: 2000 }, now)).toBe(
      'pending',
    );
    expect(invitationStatus({ accepted_at: null, revoked_at: null, expires_at: 1000 }, now)).toBe(
      'expired',
    );
    expect(invitationStatus({ accepted_at: 5, revoked_at: null, expires_at: 1 }, now)).toBe(
      'accepted',
    );
    expect(invitationStatus({ accepted_at: null, revoked_at: 5, expires_at: 2000 }, now)).toBe(
      'revoked',
    );
  });
});

describe('profile and account', () => {
  it('uploads an avatar image, serves it safely to the same account only, replaces and removes it', async () => {
    const up = await app.api('POST', '/api/v1/me/avatar', {
      session: agent,
      raw: form(PNG, 'me.png'),
    });
    expect(up.status).toBe(200);
    const url = up.body.user.avatarUrl as string;
    expect(url).toMatch(new RegExp(`^/api/v1/users/${acct.users.agent.id}/avatar\\?v=`));
    const img = await app.api('GET', url, { session: owner });
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('x-content-type-options')).toBe('nosniff');
    expect(img.headers.get('content-security-policy')).toContain('sandbox');
    expect((await app.api('GET', url, { session: stranger })).status).toBe(404);
    const up2 = await app.api('POST', '/api/v1/me/avatar', {
      session: agent,
      raw: form(PNG, 'again.png'),
    });
    expect(up2.body.user.avatarUrl).not.toBe(url);
    const oldKey = `${acct.accountId}/avatars/${url.split('v=')[1]}`;
    expect(await app.services.storage.get(oldKey)).toBeNull();
    const del = await app.api('DELETE', '/api/v1/me/avatar', { session: agent });
    expect(del.body.user.avatarUrl).toBeNull();
    expect((await app.api('GET', up2.body.user.avatarUrl, { session: owner })).status).toBe(404);
  });

  it('refuses non-images, SVG with script and HTML as avatars', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    for (const [data, name] of [
      [svg, 'x.svg'],
      ['<html><script>alert(1)</script></html>', 'x.png'],
      ['just text', 'a.txt'],
    ] as const) {
      const res = await app.api('POST', '/api/v1/me/avatar', {
        session: agent,
        raw: form(data, name),
      });
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe('unsupported_media_type');
    }
    const json = await app.api('POST', '/api/v1/me/avatar', { session: agent, body: { url: 'x' } });
    expect(json.status).toBe(415);
  });

  it('changing availability records an event the supervisor view can follow', async () => {
    await app.api('PATCH', '/api/v1/me', {
      session: agent,
      body: {
        availability: 'online',
        preferences: {
          notifications: {
            desktop: false,
            sound: true,
            events: { new_message: true, assignment: true },
          },
        },
      },
    });
    const me = await app.api('GET', '/api/v1/me', { session: agent });
    expect(me.body.user.preferences.notifications).toEqual({
      desktop: false,
      sound: true,
      events: { new_message: true, assignment: true },
    });
    const ev = await app.services.database.db
      .selectFrom('events')
      .select(['type', 'payload'])
      .where('account_id', '=', acct.accountId)
      .where('type', '=', 'user.availability_changed')
      .execute();
    expect(ev.map((e) => JSON.parse(e.payload))).toContainEqual({
      userId: acct.users.agent.id,
      availability: 'online',
      previous: 'offline',
    });
  });

  it('admins edit the account profile; agents read it; invalid input is rejected', async () => {
    expect(
      (await app.api('PATCH', '/api/v1/account', { session: agent, body: { name: 'Hacked' } }))
        .status,
    ).toBe(403);
    const res = await app.api('PATCH', '/api/v1/account', {
      session: owner,
      body: { name: 'Demo Shop 商店', locale: 'en' },
    });
    expect(res.body).toMatchObject({ name: 'Demo Shop 商店', locale: 'en' });
    expect((await app.api('GET', '/api/v1/account', { session: agent })).body).toMatchObject({
      id: acct.accountId,
      name: 'Demo Shop 商店',
      locale: 'en',
    });
    expect(
      (await app.api('PATCH', '/api/v1/account', { session: owner, body: { locale: 'fr' } }))
        .status,
    ).toBe(400);
    expect(
      (await app.api('PATCH', '/api/v1/account', { session: owner, body: { slug: 'x' } })).status,
    ).toBe(400);
    expect((await app.api('GET', '/api/v1/account', { session: stranger })).body.id).toBe(
      other.accountId,
    );
  });
});

describe('openapi', () => {
  it('documents the console routes', async () => {
    const res = await app.api('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    for (const p of [
      '/api/v1/saved-filters',
      '/api/v1/saved-filters/{id}',
      '/api/v1/invitations',
      '/api/v1/invitations/accept',
      '/api/v1/supervisor/overview',
      '/api/v1/contacts/{id}/conversations',
      '/api/v1/me/avatar',
      '/api/v1/account',
    ]) {
      expect(res.body.paths).toHaveProperty([p]);
    }
  });
});
