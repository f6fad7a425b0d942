/**
 * Visitor tokens: signed, and refused after VISITOR_TOKEN_DAYS (or when dated in the future), on the
 * widget API, the visitor socket and the download URL alike — a token dated 400 days back used to work.
 */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededAccount, type TestApp, testApp } from '../../test/test-app.ts';
import { signVisitorToken, verifyVisitorToken } from './visitor-token.ts';

const SECRET = 'unit-secret';
const claims = { accountId: 'a', inboxId: 'i', contactId: 'c', issuedAt: 1_000_000 };

describe('visitor token', () => {
  it('verifies its own signature, refuses tampering', () => {
    const t = signVisitorToken(SECRET, claims);
    expect(verifyVisitorToken(SECRET, t)).toEqual(claims);
    expect(verifyVisitorToken('other', t)).toBeNull();
    expect(verifyVisitorToken(SECRET, `${t.slice(0, -2)}00`)).toBeNull();
  });

  it('expires: refused after maxAgeMs and when issued in the future', () => {
    const t = signVisitorToken(SECRET, claims);
    const day = 86_400_000;
    expect(
      verifyVisitorToken(SECRET, t, { now: claims.issuedAt + day, maxAgeMs: 30 * day }),
    ).toEqual(claims);
    expect(
      verifyVisitorToken(SECRET, t, { now: claims.issuedAt + 31 * day, maxAgeMs: 30 * day }),
    ).toBeNull();
    expect(
      verifyVisitorToken(SECRET, t, { now: claims.issuedAt - 3_600_000, maxAgeMs: 30 * day }),
    ).toBeNull();
  });
});

describe('expired visitor tokens through the server', () => {
  let app: TestApp;
  let acct: SeededAccount;
  beforeAll(async () => {
    app = await testApp();
    acct = await app.seedAccount();
  });
  afterAll(async () => {
    await app.stop();
  });

  it('a token dated 400 days back gets 401 on the API and the socket, and no session resume', async () => {
    const v = await app.visitor(acct.inboxToken);
    const fresh = await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: 'hello', clientMessageId: 'vt-1' },
    });
    expect(fresh.status).toBe(201);
    const old = signVisitorToken(app.services.secret, {
      accountId: acct.accountId,
      inboxId: acct.inboxId,
      contactId: v.contactId,
      issuedAt: app.services.clock.now() - 400 * 86_400_000,
    });
    const r = await app.api('POST', '/widget/v1/messages', {
      token: old,
      body: { content: 'from an old token', clientMessageId: 'vt-2' },
    });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthorized');
    const sock = io(`${app.url}/visitor`, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: old },
      reconnection: false,
    });
    const err = await new Promise<Error>((resolve) => sock.once('connect_error', resolve));
    expect(err.message).toMatch(/unauthori|token|authentica/i);
    sock.close();
    // a page load with the old token does not resume that contact: a new visitor starts
    const session = await app.api('POST', '/widget/v1/sessions', {
      body: { inboxToken: acct.inboxToken, visitorToken: old },
    });
    expect(session.status).toBe(200);
    expect(session.body.contact.id).not.toBe(v.contactId);
  });
  it('rotation: a session call with a token past half its life answers a fresh one for the same visitor, and its lifetime', async () => {
    const v = await app.visitor(acct.inboxToken);
    const day = 86_400_000;
    const aging = signVisitorToken(app.services.secret, {
      accountId: acct.accountId,
      inboxId: acct.inboxId,
      contactId: v.contactId,
      issuedAt: app.services.clock.now() - 20 * day,
    });
    const r = await app.api('POST', '/widget/v1/sessions', {
      body: { inboxToken: acct.inboxToken, visitorToken: aging },
    });
    expect(r.status).toBe(200);
    expect(r.body.contact.id).toBe(v.contactId);
    expect(r.body.visitorTokenExpiresIn).toBe(app.services.config.VISITOR_TOKEN_DAYS * 86_400);
    const claims = verifyVisitorToken(app.services.secret, r.body.visitorToken);
    expect(claims?.contactId).toBe(v.contactId);
    expect(claims!.issuedAt).toBeGreaterThan(app.services.clock.now() - day);
  });
});
