/** Failed inbound mail for admins: the quarantine list and a retry, tenant-scoped. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../test/test-app.ts';
import { ingestRawMail } from '../ingest/ingest.ts';
import { emailApp, mail, type EmailApp } from '../test/email-app.ts';

let e: EmailApp;
let owner: Session;
let agent: Session;
let otherOwner: Session;

beforeAll(async () => {
  e = await emailApp({ EMAIL_INGEST_MAX_ATTEMPTS: '2' });
  owner = await e.app.login(e.acct.users.owner.email, e.acct.users.owner.password);
  agent = await e.app.login(e.acct.users.agent.email, e.acct.users.agent.password);
  const other = await e.app.seedAccount();
  otherOwner = await e.app.login(other.users.owner.email, other.users.owner.password);
});
afterAll(async () => {
  await e?.app.stop();
});

describe('/api/v1/inboxes/:id/email/failures', () => {
  it('lists a failed mail with its attempts, and a retry stores it', async () => {
    const storage = e.app.services.storage;
    const put = storage.put.bind(storage);
    storage.put = async (key, data) => {
      if (key.includes('/email/')) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      return put(key, data);
    };
    const raw = mail(
      {
        'Message-ID': '<broken@customer.example>',
        'Content-Type': 'multipart/mixed; boundary="B"',
      },
      '--B\r\nContent-Type: text/plain\r\n\r\nhi\r\n--B\r\nContent-Type: image/png\r\nContent-Disposition: attachment; filename="p.png"\r\n\r\nxx\r\n--B--\r\n',
    );
    try {
      for (let i = 0; i < 2; i++)
        await ingestRawMail(e.app.services, { inboxId: e.inboxId, raw, source: 'imap' });
    } finally {
      storage.put = put;
    }
    const list = await e.app.api('GET', `/api/v1/inboxes/${e.inboxId}/email/failures`, {
      session: owner,
    });
    expect(list.status).toBe(200);
    expect(list.body.failures).toMatchObject([
      { code: 'email_ingest_attempts_exhausted', attempts: 2, source: 'imap', quarantined: true },
    ]);
    expect(list.body.failures[0].lastError).toContain('ENOSPC');
    const id = list.body.failures[0].id;
    for (const session of [agent, otherOwner]) {
      const r = await e.app.api('POST', `/api/v1/inboxes/${e.inboxId}/email/failures/${id}/retry`, {
        session,
      });
      expect(r.status).toBe(session === agent ? 403 : 404);
    }
    const retry = await e.app.api(
      'POST',
      `/api/v1/inboxes/${e.inboxId}/email/failures/${id}/retry`,
      {
        session: owner,
      },
    );
    expect([retry.status, retry.body.status]).toEqual([200, 'stored']);
    const again = await e.app.api(
      'POST',
      `/api/v1/inboxes/${e.inboxId}/email/failures/${id}/retry`,
      {
        session: owner,
      },
    );
    expect([again.status, again.body.error.code]).toEqual([409, 'email_not_failed']);
    const after = await e.app.api('GET', `/api/v1/inboxes/${e.inboxId}/email/failures`, {
      session: owner,
    });
    expect(after.body.failures).toEqual([]);
  });
});
