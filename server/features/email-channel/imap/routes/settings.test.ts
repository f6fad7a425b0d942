/**
 * GET/PUT/DELETE /api/v1/inboxes/:id/imap and POST …/imap/test, against a real dovecot: admins
 * only, another account's inbox is unknown, email inboxes only, the password write-only (sealed at
 * rest, kept when left out), validation, and a connection test that names what is wrong with a
 * stable code and a text in the admin's language (zh-CN and en).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SeededAccount,
  type Session,
  type TestApp,
  testApp,
} from '../../../../test/test-app.ts';
import { freePort } from '../../../../test/spawn-server.ts';
import { type Dovecot, HAS_DOVECOT, startDovecot } from '../test/dovecot.ts';
import { createEmailInbox, getImap, IMAP_APP_ENV, imapBody, putImap } from '../test/setup.ts';

let app: TestApp;
let acct: SeededAccount;
let other: SeededAccount;
let owner: Session;
let dovecot: Dovecot;
let inboxId: string;

beforeAll(async () => {
  dovecot = await startDovecot();
  app = await testApp(IMAP_APP_ENV);
  acct = await app.seedAccount();
  other = await app.seedAccount();
  owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  inboxId = await createEmailInbox(app, owner);
});
afterAll(async () => {
  await app?.stop();
  await dovecot?.stop({ remove: true });
});

const off = (extra: Record<string, unknown> = {}) =>
  imapBody(dovecot, { enabled: false, ...extra });
const test = (session: Session, id: string, body?: Record<string, unknown>) =>
  app.api('POST', `/api/v1/inboxes/${id}/imap/test`, { session, ...(body ? { body } : {}) });
const setLocale = (session: Session, locale: 'en' | 'zh-CN') =>
  app.api('PATCH', '/api/v1/me', { session, body: { locale } });

describe.skipIf(!HAS_DOVECOT)('IMAP settings', () => {
  it('only admins and owners; another account’s inbox or a malformed id is unknown', async () => {
    for (const who of ['agent', 'supervisor'] as const) {
      const s = await app.login(acct.users[who].email, acct.users[who].password);
      expect((await getImap(app, s, inboxId)).status).toBe(403);
      expect((await putImap(app, s, inboxId, off())).status).toBe(403);
      expect((await test(s, inboxId)).status).toBe(403);
    }
    const stranger = await app.login(other.users.owner.email, other.users.owner.password);
    for (const r of [
      await getImap(app, stranger, inboxId),
      await putImap(app, stranger, inboxId, off()),
      await test(stranger, inboxId, off()),
      await app.api('DELETE', `/api/v1/inboxes/${inboxId}/imap`, { session: stranger }),
      await getImap(app, owner, 'not-an-id'),
    ]) {
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    }
    const r = await getImap(app, owner, inboxId);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ imap: null, status: null });
  });

  it('email inboxes only', async () => {
    const r = await putImap(app, owner, acct.inboxId, off()); // the seeded web-widget inbox
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('imap_inbox_not_email');
  });

  it('keeps the password write-only: sealed at rest, never answered, kept when left out', async () => {
    const { password: _, ...withoutPassword } = off();
    const missing = await putImap(app, owner, inboxId, withoutPassword);
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('invalid_request');
    const saved = await putImap(app, owner, inboxId, off());
    expect(saved.status).toBe(200);
    expect(saved.body.imap).toMatchObject({
      enabled: false,
      host: '127.0.0.1',
      port: dovecot.port,
      security: 'none',
      username: dovecot.user,
      passwordSet: true,
      mailbox: 'INBOX',
      markSeen: false,
    });
    expect(saved.body.status).toMatchObject({ state: 'off', lastError: null, cursor: null });
    const read = await getImap(app, owner, inboxId);
    for (const body of [saved.body, read.body])
      expect(JSON.stringify(body)).not.toContain(dovecot.password);
    const sealed = async () =>
      (
        await app.services.database.db
          .selectFrom('email_imap_settings')
          .select('password_sealed')
          .where('inbox_id', '=', inboxId)
          .executeTakeFirstOrThrow()
      ).password_sealed;
    const first = await sealed();
    expect(first).not.toContain(dovecot.password);
    expect(Buffer.from(first.replace(/\./g, ''), 'base64url').toString()).not.toContain(
      dovecot.password,
    );
    expect((await putImap(app, owner, inboxId, { ...withoutPassword, port: 143 })).status).toBe(
      200,
    );
    expect((await putImap(app, owner, inboxId, off({ password: '' }))).status).toBe(200);
    expect(await sealed()).toBe(first);
  });

  it('validates host, port, security, folder and unknown fields', async () => {
    for (const bad of [
      { host: 'bad host!' },
      { host: '' },
      { port: 0 },
      { port: 70_000 },
      { security: 'ssl' },
      { mailbox: 'In\u0000box' },
      { username: '' },
      { importDays: -1 },
      { importDays: 1.5 },
      { markSeen: 'yes' },
      { extra: true },
    ]) {
      const r = await putImap(app, owner, inboxId, off(bad));
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
    }
  });

  it('tests the connection: the stored settings or the ones given, nothing changed', async () => {
    await putImap(app, owner, inboxId, off());
    const ok = await test(owner, inboxId);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, mailbox: { path: 'INBOX', messages: 0 } });
    expect(ok.body.mailbox.uidValidity).toMatch(/^\d+$/);
    const { password: _, ...given } = off({ mailbox: 'Drafts' });
    const drafts = await test(owner, inboxId, given); // the stored password
    expect(drafts.body).toMatchObject({ ok: false, error: { code: 'imap_mailbox_refused' } });
    const fresh = await createEmailInbox(app, owner, 'never configured');
    const none = await test(owner, fresh);
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('imap_not_configured');
  });

  it('names what is wrong, with a stable code and a text in the admin’s language', async () => {
    const cases: Array<[Record<string, unknown>, string, string, string]> = [
      [{ password: 'wrong-password' }, 'imap_auth_failed', '用户名或密码', 'user name or password'],
      [{ port: await freePort() }, 'imap_connect_failed', '无法连接', 'Could not connect'],
      [{ mailbox: 'Nowhere' }, 'imap_mailbox_not_found', '“Nowhere”', '"Nowhere"'],
      [{ mailbox: 'Sent' }, 'imap_mailbox_refused', '已发送', 'sent mail'],
      // this dovecot speaks plain IMAP only: no STARTTLS offered, no TLS handshake on the port
      [{ security: 'starttls' }, 'imap_tls_failed', '加密连接', 'encrypted (TLS)'],
      [{ security: 'tls' }, 'imap_tls_failed', '加密连接', 'encrypted (TLS)'],
    ];
    for (const locale of ['zh-CN', 'en'] as const) {
      expect((await setLocale(owner, locale)).status).toBe(200);
      for (const [change, code, zh, en] of cases) {
        const r = await test(owner, inboxId, off(change));
        expect(r.status).toBe(200);
        expect(r.body.ok).toBe(false);
        expect(r.body.error.code).toBe(code);
        expect(r.body.error.message).toContain(locale === 'en' ? en : zh);
        expect(r.body.error.detail).toEqual(expect.any(String));
        expect(JSON.stringify(r.body)).not.toContain(dovecot.password);
      }
    }
  });

  it('switching on shows the sync’s state; DELETE stops it and forgets the settings', async () => {
    const on = await putImap(app, owner, inboxId, imapBody(dovecot));
    expect(on.status).toBe(200);
    expect(on.body.imap.enabled).toBe(true);
    expect(['connecting', 'idle']).toContain(on.body.status.state);
    const del = await app.api('DELETE', `/api/v1/inboxes/${inboxId}/imap`, { session: owner });
    expect(del.status).toBe(204);
    expect((await getImap(app, owner, inboxId)).body).toEqual({ imap: null, status: null });
    const again = await app.api('DELETE', `/api/v1/inboxes/${inboxId}/imap`, { session: owner });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('imap_not_configured');
  });
});
