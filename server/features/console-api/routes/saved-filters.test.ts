/** Saved filters through the real server: CRUD, validation, ownership. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededAccount, Session, TestApp } from '../../../test/test-app.ts';
import { consoleApp } from '../test/console-app.ts';

let app: TestApp;
let acct: SeededAccount;
let agent: Session;
let supervisor: Session;
let stranger: Session;

beforeAll(async () => {
  ({ app, acct, agent, supervisor, stranger } = await consoleApp());
});
afterAll(async () => {
  await app.stop();
});

describe('saved filters', () => {
  it('creates, lists (only mine), renames and deletes', async () => {
    const created = await app.api('POST', '/api/v1/saved-filters', {
      session: agent,
      body: {
        name: 'Urgent refunds',
        filter: {
          status: 'open,pending',
          label: 'refund',
          assignee: 'me',
          q: '退款',
          sort: 'last_activity',
        },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Urgent refunds',
      filter: { status: 'open,pending', label: 'refund', assignee: 'me', q: '退款' },
    });
    await app.api('POST', '/api/v1/saved-filters', {
      session: supervisor,
      body: { name: 'Sup view', filter: { assignee: 'none' } },
    });
    const mine = await app.api('GET', '/api/v1/saved-filters', { session: agent });
    expect(mine.body.data.map((f: { name: string }) => f.name)).toEqual(['Urgent refunds']);
    const renamed = await app.api('PATCH', `/api/v1/saved-filters/${created.body.id}`, {
      session: agent,
      body: { name: 'Refunds', filter: { status: 'open' } },
    });
    expect(renamed.body).toMatchObject({ name: 'Refunds', filter: { status: 'open' } });
    expect(
      (await app.api('DELETE', `/api/v1/saved-filters/${created.body.id}`, { session: agent }))
        .status,
    ).toBe(204);
    expect((await app.api('GET', '/api/v1/saved-filters', { session: agent })).body.data).toEqual(
      [],
    );
  });

  it('rejects bad filters, unknown fields and duplicate names with stable codes', async () => {
    const bad = await app.api('POST', '/api/v1/saved-filters', {
      session: agent,
      body: { name: 'x', filter: { status: 'open,bogus' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    const extra = await app.api('POST', '/api/v1/saved-filters', {
      session: agent,
      body: { name: 'x', filter: { sql: '1=1' } },
    });
    expect(extra.status).toBe(400);
    const injected = await app.api('POST', '/api/v1/saved-filters', {
      session: agent,
      body: { name: 'x', filter: { sort: 'id; drop table users' } },
    });
    expect(injected.status).toBe(400);
    await app.api('POST', '/api/v1/saved-filters', {
      session: agent,
      body: { name: 'Dup', filter: {} },
    });
    const dup = await app.api('POST', '/api/v1/saved-filters', {
      session: agent,
      body: { name: 'dup', filter: {} },
    });
    expect(dup.status).toBe(400);
    expect(dup.body.error.code).toBe('name_taken');
  });

  it("another user's or another account's filter is a 404", async () => {
    const f = await app.api('POST', '/api/v1/saved-filters', {
      session: agent,
      body: { name: 'Private', filter: { inbox: acct.inboxId } },
    });
    for (const s of [supervisor, stranger]) {
      expect(
        (
          await app.api('PATCH', `/api/v1/saved-filters/${f.body.id}`, {
            session: s,
            body: { name: 'stolen' },
          })
        ).status,
      ).toBe(404);
      expect(
        (await app.api('DELETE', `/api/v1/saved-filters/${f.body.id}`, { session: s })).status,
      ).toBe(404);
    }
    expect((await app.api('DELETE', '/api/v1/saved-filters/1', { session: agent })).status).toBe(
      404,
    );
  });
});
