/** POST /widget/v1/profile: the pre-chat form. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededAccount, TestApp } from '../../../test/test-app.ts';
import { widgetApp, type WidgetApp } from '../test/widget.ts';

let w: WidgetApp;
let app: TestApp;
let acct: SeededAccount;

beforeAll(async () => {
  w = await widgetApp({ agentOnline: true });
  ({ app, acct } = w);
});
afterAll(async () => {
  await w?.app.stop();
});

describe('pre-chat form', () => {
  it("pre-chat profile updates the visitor's own contact (no identity linking) and validates input", async () => {
    const v = await app.visitor(acct.inboxToken);
    const ok = await app.api('POST', '/widget/v1/profile', {
      token: v.token,
      body: { name: '王小明', email: 'ming@example.com', phone: '+86 138 0000 0000' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.contact).toMatchObject({
      id: v.contactId,
      name: '王小明',
      email: 'ming@example.com',
    });
    const ids = await app.services.database.db
      .selectFrom('contact_identities')
      .select('kind')
      .where('contact_id', '=', v.contactId)
      .execute();
    expect(ids.map((i) => i.kind)).toEqual(['visitor']);
    expect(
      (
        await app.api('POST', '/widget/v1/profile', {
          token: v.token,
          body: { email: 'not-an-email' },
        })
      ).status,
    ).toBe(400);
    expect(
      (await app.api('POST', '/widget/v1/profile', { token: v.token, body: { contactId: 'x' } }))
        .status,
    ).toBe(400);
  });
});
