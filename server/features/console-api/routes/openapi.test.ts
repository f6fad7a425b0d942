/** The OpenAPI document covers the console routes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/test-app.ts';

let app: TestApp;

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
});
afterAll(async () => {
  await app.stop();
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
