/** Pruning the inbound table: processed rows older than the keep time go; pending and failed stay. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/test-app.ts';
import { pruneInbound } from './prune.ts';

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('pruneInbound', () => {
  it('deletes done and ignored rows past the keep time only', async () => {
    const db = app.services.database.db;
    const row = (
      id: string,
      status: 'pending' | 'done' | 'ignored' | 'failed',
      processedAt: number | null,
    ) => ({
      id,
      account_id: 'a',
      inbox_id: 'i',
      dedupe_key: `k-${id}`,
      open_id: 'o',
      msg_type: 'text',
      raw_sealed: null,
      status,
      attempts: 0,
      last_error: null,
      message_id: null,
      created_at: 1,
      processed_at: processedAt,
    });
    await db
      .insertInto('wechat_inbound')
      .values([
        row('old-done', 'done', 1_000),
        row('old-ignored', 'ignored', 1_000),
        row('old-failed', 'failed', 1_000),
        row('pending', 'pending', null),
        row('new-done', 'done', 9_500),
      ])
      .execute();
    expect(await pruneInbound(db, 10_000, 1_000)).toBe(2);
    const left = await db.selectFrom('wechat_inbound').select('id').orderBy('id').execute();
    expect(left.map((r) => r.id)).toEqual(['new-done', 'old-failed', 'pending']);
  });
});
