/**
 * Reading the audit log: owners and admins of the account only (agents and supervisors 403, another
 * account sees nothing), filters by actor, action prefix and time, keyset paging newest first, and
 * the CSV export (header, formula-safe cells, itself audited).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../core/lib/ids.ts';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';
import { CSV_COLUMNS } from '../domain/csv.ts';
import { waitForRow } from '../test/helpers.ts';

let app: TestApp;
let a: SeededAccount;
let b: SeededAccount;
let ownerA: Session;
let ownerB: Session;

const T0 = Date.UTC(2025, 0, 10, 8, 0, 0);
const ACTIONS = ['user.update', 'token.create', 'token.revoke', 'rule.update', 'auth.login_failed'];

/** Account B's history, written straight into the table: 60 rows a minute apart. */
async function seedHistory(acct: SeededAccount): Promise<void> {
  const actors = [acct.users.owner, acct.users.supervisor];
  const rows = Array.from({ length: 60 }, (_, i) => ({
    id: newId(T0 + i * 60_000),
    account_id: acct.accountId,
    actor_type: 'user',
    actor_id: actors[i % 2].id,
    actor_label: actors[i % 2].email,
    action: ACTIONS[i % ACTIONS.length],
    method: 'POST',
    route: '/api/v1/x',
    target_type: null,
    target_id: null,
    ip: i === 7 ? '=cmd|"/c calc"!A1' : '198.51.100.9',
    user_agent: i === 7 ? '@SUM(1+1)' : 'seed',
    request_id: `seed-${i}`,
    status: 200,
    detail: '{}',
    created_at: T0 + i * 60_000,
  }));
  await app.services.database.db.insertInto('audit_log').values(rows).execute();
}

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_LOGIN_PER_MIN: '1000' });
  a = await app.seedAccount();
  b = await app.seedAccount();
  ownerA = await app.login(a.users.owner.email, a.users.owner.password);
  ownerB = await app.login(b.users.owner.email, b.users.owner.password);
  await seedHistory(b);
});
afterAll(async () => {
  await app?.stop();
});

const list = (session: Session, query = '') =>
  app.api('GET', `/api/v1/audit${query ? `?${query}` : ''}`, { session });

describe('audit API', () => {
  it('is for owners and admins of the account only; another account never sees a row', async () => {
    await waitForRow(app, a.accountId, (r) => r.action === 'auth.login', 'A sign-in');
    const mine = await list(ownerA);
    expect(mine.status).toBe(200);
    expect(mine.body.data.some((e: { action: string }) => e.action === 'auth.login')).toBe(true);

    const agent = await app.login(a.users.agent.email, a.users.agent.password);
    const supervisor = await app.login(a.users.supervisor.email, a.users.supervisor.password);
    expect((await list(agent)).status).toBe(403);
    expect((await list(supervisor)).status).toBe(403);
    expect((await app.api('GET', '/api/v1/audit/export', { session: agent })).status).toBe(403);
    expect((await app.api('GET', '/api/v1/audit')).status).toBe(401);

    // B's owner: B's 60 seeded rows and B's own sign-in, none of A's.
    const theirs = await list(ownerB, 'limit=200');
    const emailsOfB = new Set(Object.values(b.users).map((u) => u.email));
    expect(theirs.body.data.length).toBeGreaterThan(60);
    expect(theirs.body.data.every((e: { actorLabel: string }) => emailsOfB.has(e.actorLabel))).toBe(
      true,
    );
    const aIds = new Set(mine.body.data.map((e: { id: string }) => e.id));
    expect(theirs.body.data.some((e: { id: string }) => aIds.has(e.id))).toBe(false);
    // Filtering by A's actor from B's account finds nothing either.
    expect((await list(ownerB, `actorId=${a.users.owner.id}`)).body.data).toEqual([]);
    const csv = await app.api('GET', '/api/v1/audit/export?format=csv', { session: ownerB });
    expect(csv.body).not.toContain(a.users.owner.email);
  });

  it('filters by actor, action prefix and time range', async () => {
    const bySupervisor = await list(ownerB, `actorId=${b.users.supervisor.id}&limit=200`);
    expect(bySupervisor.body.data).toHaveLength(30);
    expect(
      bySupervisor.body.data.every((e: { actorId: string }) => e.actorId === b.users.supervisor.id),
    ).toBe(true);

    const tokens = await list(ownerB, 'action=token&limit=200');
    expect(tokens.body.data).toHaveLength(24);
    expect(new Set(tokens.body.data.map((e: { action: string }) => e.action))).toEqual(
      new Set(['token.create', 'token.revoke']),
    );
    expect((await list(ownerB, 'action=token.revoke&limit=200')).body.data).toHaveLength(12);
    // '_' and '%' are literal, not wildcards.
    expect((await list(ownerB, 'action=auth.login_&limit=200')).body.data).toHaveLength(12);
    expect((await list(ownerB, 'action=auth.login%25failed&limit=200')).body.data).toEqual([]);

    const from = new Date(T0 + 10 * 60_000).toISOString();
    const to = new Date(T0 + 20 * 60_000).toISOString();
    const window = await list(ownerB, `from=${from}&to=${to}&limit=200`);
    expect(window.body.data.map((e: { createdAt: string }) => e.createdAt)).toEqual(
      Array.from({ length: 10 }, (_, i) => new Date(T0 + (19 - i) * 60_000).toISOString()),
    );
    const both = await list(
      ownerB,
      `from=${from}&to=${to}&action=user&actorId=${b.users.owner.id}`,
    );
    expect(both.body.data.map((e: { createdAt: string }) => e.createdAt)).toEqual([
      new Date(T0 + 10 * 60_000).toISOString(),
    ]);

    expect((await list(ownerB, 'from=yesterday')).status).toBe(400);
    expect((await list(ownerB, 'colour=red')).status).toBe(400);
  });

  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await list(
        ownerB,
        `actorId=${b.users.owner.id}&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(r.status).toBe(200);
      seen.push(...r.body.data.map((e: { createdAt: string }) => e.createdAt));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor);
    // The owner's 30 seeded rows (even minutes) plus what they did in this file, newest first.
    const everything = await list(ownerB, `actorId=${b.users.owner.id}&limit=200`);
    const expected = everything.body.data.map((e: { createdAt: string }) => e.createdAt);
    expect(expected.length).toBeGreaterThan(30);
    expect(everything.body.nextCursor).toBeNull();
    expect(pages).toBe(Math.ceil(expected.length / 7));
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort().reverse());
    expect((await list(ownerB, 'cursor=not-a-cursor')).status).toBe(400);
  });

  it('exports CSV with a header and formula-safe cells, and records the export', async () => {
    const r = await app.api('GET', '/api/v1/audit/export?format=csv&action=rule', {
      session: ownerB,
      headers: { 'user-agent': 'export-check' },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toContain('audit-log.csv');
    expect(r.headers.get('x-kefu-truncated')).toBe('false');
    const lines = (r.body as string)
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + 12);
    expect(lines.slice(1).every((l) => l.includes('"rule.update"'))).toBe(true);

    const all = await app.api('GET', '/api/v1/audit/export', { session: ownerB });
    const body = all.body as string;
    expect(body).toContain(`"'=cmd|""/c calc""!A1"`);
    expect(body).toContain(`"'@SUM(1+1)"`);
    expect(body).not.toMatch(/(^|,)"?=cmd/m);

    const row = await waitForRow(
      app,
      b.accountId,
      (x) => x.action === 'audit.export' && x.user_agent === 'export-check',
      'export recorded',
    );
    expect(row).toMatchObject({ actor_id: b.users.owner.id, status: 200, method: 'GET' });
    expect(JSON.parse(row.detail)).toEqual({ query: { format: 'csv', action: 'rule' } });
  });
});
