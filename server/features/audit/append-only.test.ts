/** The audit log is append-only for the application: the database itself refuses UPDATE and DELETE. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../core/lib/ids.ts';
import { testApp, type SeededAccount, type TestApp } from '../../test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;

beforeAll(async () => {
  app = await testApp();
  acct = await app.seedAccount();
});
afterAll(async () => {
  await app?.stop();
});

describe('audit_log is append-only', () => {
  it('accepts inserts and refuses UPDATE, DELETE (and TRUNCATE on PostgreSQL)', async () => {
    const db = app.services.database.db;
    const id = newId();
    await db
      .insertInto('audit_log')
      .values({
        id,
        account_id: acct.accountId,
        actor_type: 'user',
        actor_id: acct.users.owner.id,
        actor_label: acct.users.owner.email,
        action: 'user.update',
        method: 'PATCH',
        route: '/api/v1/users/:id',
        target_type: 'user',
        target_id: acct.users.agent.id,
        ip: '127.0.0.1',
        user_agent: 'test',
        request_id: 'r1',
        status: 200,
        detail: '{"keys":["role"],"values":{"role":"admin"}}',
        created_at: Date.now(),
      })
      .execute();

    await expect(
      db.updateTable('audit_log').set({ status: 500 }).where('id', '=', id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.updateTable('audit_log').set({ account_id: 'someone-else' }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('id', '=', id).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    if (app.services.database.dialect === 'postgres')
      await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);

    const row = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 200, account_id: acct.accountId });
  });
});
