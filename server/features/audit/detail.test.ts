/** The pure parts: which requests are recorded and as what, what of a body is kept, CSV cells. */
import { describe, expect, it } from 'vitest';
import { actionFor, targetTypeOf } from './actions.ts';
import { csvCell } from './csv.ts';
import { buildDetail, fromAnswer } from './detail.ts';
import { decodeCursor, encodeCursor } from './store.ts';

describe('actionFor', () => {
  it.each([
    ['POST', '/api/v1/auth/login', 'auth.login'],
    ['PATCH', '/api/v1/users/:id', 'user.update'],
    ['POST', '/api/v1/me/tokens', 'token.create'],
    ['DELETE', '/api/v1/me/tokens/:id', 'token.revoke'],
    ['PATCH', '/api/v1/automation/rules/:id', 'rule.update'],
    ['GET', '/api/v1/kb/export', 'kb.export'],
    ['GET', '/api/v1/audit/export', 'audit.export'],
    ['POST', '/api/v1/auth/login/2fa', 'auth.login_2fa'],
    ['DELETE', '/api/v1/users/:id/2fa', 'two_factor.reset'],
    ['PUT', '/api/v1/account/security', 'settings.security_update'],
    ['PUT', '/api/v1/new-feature/:id/things', 'PUT /api/v1/new-feature/:id/things'],
    ['GET', '/api/v1/reports/export', 'GET /api/v1/reports/export'],
  ])('%s %s → %s', (method, route, action) => {
    expect(actionFor(method, route)).toBe(action);
  });

  it.each([
    ['GET', '/api/v1/users'],
    ['GET', '/api/v1/audit'],
    ['HEAD', '/api/v1/kb/export'],
    ['POST', '/widget/v1/messages'],
    ['POST', '/api/v1/conversations/:id/messages'],
    ['POST', '/api/v1/routing/heartbeat'],
    ['POST', undefined],
  ])('%s %s is not recorded', (method, route) => {
    expect(actionFor(method, route)).toBeNull();
  });

  it('names the target after the action', () => {
    expect(targetTypeOf('user.update')).toBe('user');
    expect(targetTypeOf('auth.login_failed')).toBe('user');
    expect(targetTypeOf('settings.update')).toBe('account');
    expect(targetTypeOf('two_factor.reset')).toBe('user');
    expect(targetTypeOf('PUT /api/v1/x')).toBeNull();
  });
});

describe('buildDetail', () => {
  const base = { query: {}, params: {}, exported: false, viaToken: false };
  it('keeps body keys, and values only of the allow-list', () => {
    expect(
      buildDetail({
        ...base,
        body: {
          email: 'a@b.c',
          password: 'hunter2',
          token: 'kefu_x',
          apiKey: 'sk-1',
          role: 'admin',
          disabled: true,
          name: { nested: 'object' },
          secret: 's',
        },
      }),
    ).toEqual({
      keys: ['email', 'password', 'token', 'apiKey', 'role', 'disabled', 'name', 'secret'],
      values: { email: 'a@b.c', role: 'admin', disabled: true },
    });
  });
  it('cuts long values and many keys, ignores non-object bodies', () => {
    const many = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, i]));
    expect(buildDetail({ ...base, body: many }).keys).toHaveLength(50);
    expect(buildDetail({ ...base, body: { name: 'x'.repeat(500) } }).values).toEqual({
      name: 'x'.repeat(200),
    });
    expect(buildDetail({ ...base, body: Buffer.from('raw') })).toEqual({});
    expect(buildDetail({ ...base, body: ['a'] })).toEqual({});
    expect(buildDetail({ ...base, body: { scopes: ['read', 'admin'] } }).values).toEqual({
      scopes: ['read', 'admin'],
    });
    expect(buildDetail({ ...base, body: { scopes: [{ x: 1 }] } }).values).toBeUndefined();
  });
  it('keeps the query of exports, extra path parameters, the error and the token origin', () => {
    expect(
      buildDetail({
        ...base,
        body: undefined,
        query: { format: 'csv', token: 'nope' },
        params: { scope: 'inbox', id: 'x' },
        exported: true,
        error: 'forbidden',
        viaToken: true,
      }),
    ).toEqual({
      query: { format: 'csv' },
      params: { scope: 'inbox', id: 'x' },
      error: 'forbidden',
      via: 'api_token',
    });
  });
});

describe('fromAnswer', () => {
  it('takes the error code of a failure and the id of a creation, nothing else', () => {
    expect(fromAnswer('{"error":{"code":"forbidden","message":"no"}}', 403)).toEqual({
      error: 'forbidden',
    });
    expect(fromAnswer('{"id":"t1","token":"kefu_secret"}', 201)).toEqual({ id: 't1' });
    expect(fromAnswer('{"user":{"id":"u1","email":"a@b.c","x":1}}', 200)).toEqual({
      id: 'u1',
      email: 'a@b.c',
    });
    expect(fromAnswer('{"twoFactorRequired":true,"challenge":"kefu2fa.x.y"}', 200)).toEqual({
      twoFactor: true,
    });
    expect(fromAnswer('{"secret":"JBSWY3DP","otpauthUri":"otpauth://x"}', 200)).toEqual({});
    expect(fromAnswer('not json', 200)).toEqual({});
    expect(fromAnswer('[1,2]', 200)).toEqual({});
  });
});

describe('CSV cells and cursors', () => {
  it('quotes every cell and defuses formulas', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    for (const f of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
      expect(csvCell(f)).toBe(`"'${f}"`);
  });
  it('round-trips a cursor and refuses anything else', () => {
    const c = { at: 1736496000000, id: '01a24663-0f26-7000-92c2-4eaff4c7fc4d' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor('x.y.z')).toBeNull();
    expect(decodeCursor("1.'; drop table")).toBeNull();
  });
});
