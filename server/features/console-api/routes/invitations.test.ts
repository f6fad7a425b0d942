/** Invitations through the real server: invite, accept once, expiry, revocation, races, permissions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededAccount, Session, TestApp } from '../../../test/test-app.ts';
import { invitationStatus } from '../domain/invitations.ts';
import { consoleApp } from '../test/console-app.ts';

let app: TestApp;
let acct: SeededAccount;
let owner: Session;
let agent: Session;
let supervisor: Session;
let stranger: Session;

beforeAll(async () => {
  ({ app, acct, owner, agent, supervisor, stranger } = await consoleApp());
});
afterAll(async () => {
  await app.stop();
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
          body: { token: 'x'.repeat(43), name: 'X', password: 'any-strong-passphrase-9' },
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
    // Another account cannot learn that this address has an account here: it is invited like a
    // fresh one (same status, same shape); only the invitee learns it, when accepting.
    const foreign = await app.api('POST', '/api/v1/invitations', {
      session: stranger,
      body: { email: acct.users.agent.email },
    });
    const fresh = await app.api('POST', '/api/v1/invitations', {
      session: stranger,
      body: { email: 'fresh-person@example.com' },
    });
    expect(foreign.status).toBe(fresh.status);
    expect(Object.keys(foreign.body).sort()).toEqual(Object.keys(fresh.body).sort());
    const accepted = await app.api('POST', '/api/v1/invitations/accept', {
      body: { token: foreign.body.token, name: 'Li', password: 'a-strong-passphrase-7' },
    });
    expect(accepted.status).toBe(409);
    expect(accepted.body.error.code).toBe('email_taken');
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
