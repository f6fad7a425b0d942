/** Routing answers the core's business-hours registry (analytics measures business time with it). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessHoursOf } from '../../core/kit/business-hours-registry.ts';
import { testApp, type SeededAccount, type TestApp } from '../../test/test-app.ts';

let t: TestApp;
let acct: SeededAccount;
beforeAll(async () => {
  t = await testApp();
  acct = await t.seedAccount();
});
afterAll(async () => {
  await t.stop();
});

describe('business hours for other features', () => {
  it("an inbox's schedule is the one set in the routing settings; none set: always open", async () => {
    const db = t.services.database.db;
    expect(await businessHoursOf(db, acct.accountId, acct.inboxId)).toBeNull();
    const owner = await t.login(acct.users.owner.email, acct.users.owner.password);
    const hours = {
      timezone: 'Asia/Shanghai',
      weekly: { mon: [['09:00', '18:00']] as Array<[string, string]> },
    };
    const r = await t.api('PUT', '/api/v1/routing/settings', {
      session: owner,
      body: { businessHours: hours },
    });
    expect(r.status).toBe(200);
    expect(await businessHoursOf(db, acct.accountId, acct.inboxId)).toMatchObject(hours);
  });
});
