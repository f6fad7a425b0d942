/**
 * The IMAP sync's error codes (pure: how imapflow's, Node's and our own failures map to codes) and
 * the address guard (a tenant's IMAP host may not be this host or a private network unless
 * OUTBOUND_ALLOW_PRIVATE), the latter also through a connection test against a real dovecot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveHost } from './connect.ts';
import { classify, IMAP_ERROR_CODES, ImapSyncError } from './errors.ts';
import { probeImap } from './probe.ts';
import { catalogue, errorText } from './strings.ts';
import { type Dovecot, HAS_DOVECOT, startDovecot } from './test/dovecot.ts';

describe('classify', () => {
  it('maps each kind of failure to its code, with the words of whoever failed', () => {
    const cases: Array<[unknown, string]> = [
      [{ authenticationFailed: true, responseText: 'Authentication failed.' }, 'imap_auth_failed'],
      [{ serverResponseCode: 'AUTHENTICATIONFAILED' }, 'imap_auth_failed'],
      [{ mailboxMissing: true }, 'imap_mailbox_not_found'],
      [{ serverResponseCode: 'NONEXISTENT' }, 'imap_mailbox_not_found'],
      [{ tlsFailed: true }, 'imap_tls_failed'],
      [
        Object.assign(new Error('self-signed'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
        'imap_tls_failed',
      ],
      [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, 'imap_tls_failed'],
      [Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 'imap_connect_failed'],
      [{ code: 'ENOTFOUND' }, 'imap_connect_failed'],
      [{ code: 'NoConnection', _err: { code: 'ECONNRESET' } }, 'imap_connect_failed'],
      [{ code: 'CONNECT_TIMEOUT' }, 'imap_timeout'],
      [{ code: 'GREETING_TIMEOUT' }, 'imap_timeout'],
      [new ImapSyncError('imap_mailbox_refused', 'Sent is \\Sent'), 'imap_mailbox_refused'],
      [new Error('something else'), 'imap_failed'],
      [null, 'imap_failed'],
    ];
    for (const [err, code] of cases) expect(classify(err).code, JSON.stringify(err)).toBe(code);
    expect(classify({ authenticationFailed: true, responseText: 'No such user' }).detail).toBe(
      'No such user',
    );
    expect(classify(new Error('x'.repeat(2000))).detail.length).toBe(500);
  });

  it('has a text in both languages for every code', () => {
    for (const code of IMAP_ERROR_CODES)
      for (const locale of ['zh-CN', 'en'] as const) {
        expect(catalogue[locale][`imap.error.${code}`], `${locale} ${code}`).toBeTruthy();
        expect(errorText(locale, code, 'Box')).not.toContain('{mailbox}');
      }
  });
});

describe('address guard', () => {
  it('refuses loopback, private and link-local hosts unless private peers are allowed', async () => {
    for (const host of [
      '127.0.0.1',
      '10.1.2.3',
      '192.168.0.1',
      '169.254.169.254',
      '[::1]',
      'localhost',
    ])
      await expect(resolveHost(host, false), host).rejects.toMatchObject({
        code: 'imap_address_blocked',
      });
    expect(await resolveHost('127.0.0.1', true)).toBe('127.0.0.1');
    expect(await resolveHost('8.8.8.8', false)).toBe('8.8.8.8');
  });
});

describe.skipIf(!HAS_DOVECOT)('address guard, against dovecot on loopback', () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(() => dovecot?.stop({ remove: true }));

  it('a connection test to loopback is refused without OUTBOUND_ALLOW_PRIVATE, works with it', async () => {
    const endpoint = {
      host: dovecot.host,
      port: dovecot.port,
      security: 'none' as const,
      username: dovecot.user,
      password: dovecot.password,
      mailbox: 'INBOX',
    };
    expect(await probeImap(endpoint, { allowPrivate: false })).toMatchObject({
      ok: false,
      code: 'imap_address_blocked',
    });
    expect(await probeImap(endpoint, { allowPrivate: true })).toMatchObject({ ok: true });
  });
});
