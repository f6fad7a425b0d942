/**
 * "Send test mail" against a real smtp-server on loopback: it arrives, and every way it can fail
 * is reported with its stable code, the meaning in Chinese and English, and the relay's words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, silentRelay, startRelay, type TestRelay } from '../test/relay.ts';
import { emailInboxOf, type OutboundApp, outboundApp, setRelay } from '../test/outbound-app.ts';

let o: OutboundApp;
let relay: TestRelay;

beforeAll(async () => {
  // a relay that never greets fails the attempt after this long
  o = await outboundApp({ EMAIL_SMTP_TIMEOUT_MS: '1500' });
  relay = await startRelay();
});
afterAll(async () => {
  await relay?.stop();
  await o?.app.stop();
});

const testMail = (inboxId = o.inboxId) =>
  o.app.api('POST', `/api/v1/inboxes/${inboxId}/email/smtp/send-test-mail`, {
    session: o.owner,
    body: { to: 'admin@shop.example' },
  });

describe('send test mail', () => {
  it('arrives through the relay, with the login and in the admin’s language', async () => {
    relay.behaviour = { auth: { user: 'mailer', pass: 'right-password' } };
    await setRelay(o, relay.port, { username: 'mailer', password: 'right-password' });
    const r = await testMail();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true });
    expect(r.body.smtpResponse).toContain('queued as');
    const got = relay.mails.at(-1)!;
    expect(got.envelope.to).toEqual(['admin@shop.example']);
    const { locale } = await o.app.services.database.db
      .selectFrom('users')
      .select('locale')
      .where('id', '=', o.acct.users.owner.id)
      .executeTakeFirstOrThrow();
    expect(got.parsed.subject).toBe(locale === 'en' ? 'Kefu test mail' : 'Kefu 测试邮件');
    expect(got.parsed.text).toContain('Shop support');
    expect(got.parsed.from?.value[0]?.address).toBe('support@shop.example');
    expect(got.parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('says the login was refused', async () => {
    await setRelay(o, relay.port, { username: 'mailer', password: 'wrong-password' });
    const r = await testMail();
    expect(r.status).toBe(502);
    expect(r.body.error.code).toBe('smtp_auth_failed');
    expect(r.body.error.details.messages['zh-CN']).toContain('用户名或密码');
    expect(r.body.error.details.messages.en).toContain('user name or password');
    expect(r.body.error.details.smtpCode).toBe(535);
    expect(r.body.error.details.smtpResponse).toContain('Authentication credentials invalid');
  });

  it('says the relay refused the mail (5xx) or deferred it (4xx), with its words', async () => {
    relay.behaviour = { rejectRcpt: { code: 550, message: '5.1.1 No such user here' } };
    await setRelay(o, relay.port);
    const rejected = await testMail();
    expect(rejected.status).toBe(502);
    expect(rejected.body.error.code).toBe('smtp_rejected');
    expect(rejected.body.error.details.messages.en).toContain('5.1.1 No such user here');
    expect(rejected.body.error.details.messages['zh-CN']).toContain('拒收');
    relay.behaviour = { rejectData: { code: 451, message: '4.3.0 Try again later' } };
    const deferred = await testMail();
    expect(deferred.body.error.code).toBe('smtp_deferred');
    expect(deferred.body.error.details.smtpCode).toBe(451);
    relay.behaviour = {};
  });

  it('says nothing listens there, or it never answered, or TLS failed', async () => {
    await setRelay(o, await closedPort());
    const refused = await testMail();
    expect(refused.status).toBe(502);
    expect(refused.body.error.code).toBe('smtp_connection_failed');
    expect(refused.body.error.details.messages['zh-CN']).toContain('无法连接');

    const silent = await silentRelay();
    try {
      await setRelay(o, silent.port);
      const timeout = await testMail();
      expect(timeout.body.error.code).toBe('smtp_timeout');
    } finally {
      await silent.close();
    }

    const tlsRelay = await startRelay({ starttls: true });
    try {
      // STARTTLS required, and the relay's certificate is its own self-signed one
      await setRelay(o, tlsRelay.port, { security: 'starttls' });
      const tls = await testMail();
      expect(tls.body.error.code).toBe('smtp_tls_failed');
      expect(tlsRelay.mails).toHaveLength(0);
    } finally {
      await tlsRelay.stop();
    }
  });

  it('says when the inbox has no relay yet', async () => {
    const bare = await emailInboxOf(o.app, o.acct, 'new@shop.example');
    const r = await testMail(bare);
    expect(r).toMatchObject({ status: 400, body: { error: { code: 'smtp_not_configured' } } });
    expect(r.body.error.details.messages['zh-CN']).toContain('SMTP');
  });
});
