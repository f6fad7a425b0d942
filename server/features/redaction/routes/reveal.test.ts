/**
 * Settings (admins only, per account) and reveal: no original unless the account keeps one; the
 * original is sealed (not in clear in the database); roles per setting; every reveal recorded (own
 * table and audit log); another account's message is not found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededAccount, Session, TestApp } from '../../../test/test-app.ts';
import { testApp } from '../../../test/test-app.ts';
import { until } from '../../../test/wait.ts';
import { customerWrites } from '../test/helpers.ts';

let t: TestApp;
let a: SeededAccount;
let b: SeededAccount;
let ownerA: Session;
let agentA: Session;
let ownerB: Session;

const TEXT = '卡号 6212 2602 0001 1234 560，密码是 Qwerty123';

beforeAll(async () => {
  t = await testApp();
  a = await t.seedAccount();
  b = await t.seedAccount();
  ownerA = await t.login(a.users.owner.email, a.users.owner.password);
  agentA = await t.login(a.users.agent.email, a.users.agent.password);
  ownerB = await t.login(b.users.owner.email, b.users.owner.password);
}, 120_000);
afterAll(async () => {
  await t.stop();
});

const reveal = (id: string, session: Session) =>
  t.api('POST', `/api/v1/redaction/messages/${id}/reveal`, { session });

describe('settings', () => {
  it('admins read and change them; agents are refused; bad input has a clear code', async () => {
    const got = await t.api('GET', '/api/v1/redaction/settings', { session: ownerA });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ keepOriginal: false, revealRoles: ['owner', 'admin'] });
    for (const [method, body] of [
      ['GET', undefined],
      ['PUT', { keepOriginal: true }],
    ] as const) {
      const r = await t.api(method, '/api/v1/redaction/settings', { session: agentA, body });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    for (const body of [{ types: { card: 'maybe' } }, { keepOriginal: 'yes' }, { other: 1 }]) {
      const r = await t.api('PUT', '/api/v1/redaction/settings', { session: ownerA, body });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
    }
  });

  it('are per account: a change in one account leaves the other as it was', async () => {
    const r = await t.api('PUT', '/api/v1/redaction/settings', {
      session: ownerB,
      body: { types: { card: 'off' } },
    });
    expect(r.body.types.card).toBe('off');
    const mine = await t.api('GET', '/api/v1/redaction/settings', { session: ownerA });
    expect(mine.body.types.card).toBe('mask');
    const m = await customerWrites(t, b, 'card 4111111111111111');
    expect(m.content).toBe('card 4111111111111111');
    await t.api('PUT', '/api/v1/redaction/settings', {
      session: ownerB,
      body: { types: { card: 'mask' } },
    });
  });
});

describe('reveal', () => {
  it('without a kept original: redaction_no_original', async () => {
    const m = await customerWrites(t, a, TEXT);
    expect(m.content).toBe('卡号 [已隐藏:银行卡 621226*********4560]，密码是 [已隐藏:密钥]');
    const r = await reveal(m.messageId, ownerA);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('redaction_no_original');
  });

  it('with keepOriginal: sealed at rest; owners reveal (recorded), agents only when allowed; other accounts 404', async () => {
    await t.api('PUT', '/api/v1/redaction/settings', {
      session: ownerA,
      body: { keepOriginal: true },
    });
    const m = await customerWrites(t, a, TEXT);
    const sealed = await t.services.database.db
      .selectFrom('redaction_originals')
      .select('sealed')
      .where('message_id', '=', m.messageId)
      .executeTakeFirstOrThrow();
    expect(sealed.sealed).not.toContain('6212');
    expect(sealed.sealed).not.toContain('Qwerty');

    const ok = await reveal(m.messageId, ownerA);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ messageId: m.messageId, content: TEXT });
    const reveals = await t.services.database.db
      .selectFrom('redaction_reveals')
      .selectAll()
      .where('message_id', '=', m.messageId)
      .execute();
    expect(reveals.map((r) => r.user_id)).toEqual([a.users.owner.id]);
    const audit = await until(
      () =>
        t.services.database.db
          .selectFrom('audit_log')
          .select(['action', 'target_id', 'actor_id', 'status'])
          .where('account_id', '=', a.accountId)
          .where('route', '=', '/api/v1/redaction/messages/:id/reveal')
          .execute(),
      (rows) => rows.some((r) => r.target_id === m.messageId && r.status === 200),
      { what: 'the audit entry of the reveal' },
    );
    expect(audit.find((r) => r.status === 200)?.actor_id).toBe(a.users.owner.id);

    const refused = await reveal(m.messageId, agentA);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    await t.api('PUT', '/api/v1/redaction/settings', {
      session: ownerA,
      body: { revealRoles: ['owner', 'admin', 'agent'] },
    });
    const allowed = await reveal(m.messageId, agentA);
    expect(allowed.status).toBe(200);
    expect(allowed.body.content).toBe(TEXT);

    const other = await reveal(m.messageId, ownerB);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('not_found');
    const unknown = await reveal('nope', ownerA);
    expect(unknown.status).toBe(404);
  });
});
