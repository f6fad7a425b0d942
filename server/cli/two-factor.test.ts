/** `kefu reset-2fa`: the operator turns a user's two-step verification off (break-glass for owners). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totp } from '../core/lib/totp.ts';
import { testApp, type TestApp } from '../test/test-app.ts';
import { resetTwoFactorByEmail } from './two-factor.ts';

let app: TestApp;
beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
});
afterAll(async () => {
  await app.stop();
});

describe('kefu reset-2fa', () => {
  it('turns off a user’s two-factor; the password alone signs in again', async () => {
    const acct = await app.seedAccount();
    const { email, password } = acct.users.owner;
    const s = await app.login(email, password);
    const setup = await app.api('POST', '/api/v1/me/2fa/setup', { session: s });
    const code = totp(base32Decode(setup.body.secret)!, Date.now());
    const on = await app.api('POST', '/api/v1/me/2fa/enable', { session: s, body: { code } });
    expect(on.status).toBe(200);
    const login = () => app.api('POST', '/api/v1/auth/login', { body: { email, password } });
    expect((await login()).body.twoFactorRequired).toBe(true);

    expect(await resetTwoFactorByEmail(app.services, email.toUpperCase())).toBe(true);
    expect((await login()).body.user.email).toBe(email);
    expect(await resetTwoFactorByEmail(app.services, email)).toBe(false);
    await expect(resetTwoFactorByEmail(app.services, 'nobody@example.com')).rejects.toThrow(
      /no user/,
    );
  });
});
