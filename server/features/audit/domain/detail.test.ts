/** What of a request and its answer goes into a row's detail. */
import { describe, expect, it } from 'vitest';
import { buildDetail, fromAnswer } from './detail.ts';

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
