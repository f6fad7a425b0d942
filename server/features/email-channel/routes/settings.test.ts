/** The inbound settings route: admins only, fields merged, an address claimed once across accounts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../test/test-app.ts';
import { inboxForAddress } from '../store/inbox-directory.ts';
import { emailApp, emailInbox, type EmailApp } from '../test/email-app.ts';

let e: EmailApp;
let owner: Session;
let agent: Session;
let otherOwner: Session;
let otherInbox: string;

beforeAll(async () => {
  e = await emailApp();
  owner = await e.app.login(e.acct.users.owner.email, e.acct.users.owner.password);
  agent = await e.app.login(e.acct.users.agent.email, e.acct.users.agent.password);
  const other = await e.app.seedAccount();
  otherInbox = await emailInbox(e.app, other, { email: { address: 'desk@other.example' } });
  otherOwner = await e.app.login(other.users.owner.email, other.users.owner.password);
});
afterAll(async () => {
  await e?.app.stop();
});

const path = (id: string) => `/api/v1/inboxes/${id}/email`;

describe('GET/PUT /api/v1/inboxes/:id/email', () => {
  it('reads the defaults and merges what is sent', async () => {
    const read = await e.app.api('GET', path(e.inboxId), { session: owner });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      address: 'support@shop.example',
      aliases: [],
      trustSenders: false,
      subjectWindowHours: 0,
      webhookPath: `/api/v1/channels/email/${e.inboxId}/raw`,
    });
    const put = await e.app.api('PUT', path(e.inboxId), {
      session: owner,
      body: { aliases: ['Help@Shop.example'], trustSenders: true, subjectWindowHours: 48 },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      address: 'support@shop.example',
      aliases: ['help@shop.example'],
      trustSenders: true,
      subjectWindowHours: 48,
    });
    const found = await inboxForAddress(e.app.services.database.db, 'help+x@shop.example');
    expect(found?.id).toBe(e.inboxId);
  });

  it('refuses bad input, agents, other accounts and non-email inboxes', async () => {
    for (const body of [{ subjectWindowHours: -1 }, { address: 'not an address' }, { extra: 1 }]) {
      const r = await e.app.api('PUT', path(e.inboxId), { session: owner, body });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
    }
    expect((await e.app.api('GET', path(e.inboxId), { session: agent })).body.error.code).toBe(
      'forbidden',
    );
    const foreign = await e.app.api('GET', path(e.inboxId), { session: otherOwner });
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'not_found']);
    const widget = await e.app.api('GET', path(e.acct.inboxId), { session: owner });
    expect([widget.status, widget.body.error.code]).toEqual([400, 'not_an_email_inbox']);
  });

  it('an address another inbox (of any account) has is refused', async () => {
    for (const body of [{ address: 'desk@other.example' }, { aliases: ['DESK@other.example'] }]) {
      const r = await e.app.api('PUT', path(e.inboxId), { session: owner, body });
      expect([r.status, r.body.error.code]).toEqual([409, 'email_address_taken']);
    }
    const own = await e.app.api('PUT', path(otherInbox), {
      session: otherOwner,
      body: { address: 'desk@other.example' },
    });
    expect(own.status).toBe(200);
  });
});
