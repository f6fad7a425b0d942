/**
 * /healthz is liveness only: the help center's custom-domain lookup (an onRequest hook that reads the
 * database) must not run for it, so a closed or stuck database never fails the liveness probe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidateHelpCenter } from './http.ts';
import { testApp, type TestApp } from '../../../test/test-app.ts';

describe('/healthz', () => {
  let other: TestApp;
  beforeAll(async () => {
    other = await testApp({ ROLES: 'web,realtime' });
  });
  afterAll(async () => {
    await other.stop().catch(() => {});
  }); // its database is already closed

  it('answers while the database is closed (touches no database), /readyz names the database', async () => {
    invalidateHelpCenter('none'); // the help center's custom-domain lookup is due on the next request
    await other.services.database.db.destroy();
    const health = await other.api('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await other.api('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.database).toBe('unreachable');
  });
});
