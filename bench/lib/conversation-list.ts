/**
 * `sqlite_page_query` (baseline, + p95), `conversation_list_p95` and `sql_statements_per_page` of the
 * core bench: the conversation list on a large seeded SQLite database, in process.
 */
import { join } from 'node:path';
import { openDatabase, type Database } from '../../server/core/db/client.ts';
import {
  listConversations,
  type ListConversationsInput,
} from '../../server/core/queries/conversations.ts';
import { tempDir } from './proc.ts';
import { seedLarge } from './seed.ts';
import { log, percentile, round, sig, summarize } from './stats.ts';

/**
 * Seeds a large database, then times the raw page query and the real `listConversations` (filters,
 * cursor pages, a deep page) and counts its SQL statements per page size.
 */
export async function queries(quick: boolean) {
  const conversations = quick ? 10_000 : 100_000;
  const messages = quick ? 100_000 : 1_000_000;
  const file = join(tempDir('seed'), 'large.db');
  const seeded = await seedLarge({ file, conversations, messages, log });
  log(
    `seeded ${seeded.conversations} conversations / ${seeded.messages} messages in ${Math.round(seeded.ms)} ms`,
  );
  const database: Database = openDatabase({ kind: 'sqlite', file });
  try {
    const raw = database.sqlite!;
    const ids = raw.prepare('select id from conversations').pluck().all() as string[];
    const page = raw.prepare(
      'select * from messages where conversation_id = ? order by seq desc limit 50',
    );
    for (let i = 0; i < 200; i++) page.all(ids[i % ids.length]);
    const seconds = quick ? 2 : 5;
    const lat: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < 2_000_000; i++) {
      const s = performance.now();
      if (s - t0 > seconds * 1000) break;
      page.all(ids[(i * 7919) % ids.length]);
      lat.push(performance.now() - s);
    }
    const qps = lat.length / ((performance.now() - t0) / 1000);
    const rawP95 = percentile(lat, 95);

    const viewerId = seeded.agentIds[1];
    const base = { accountId: seeded.accountId, viewerId };
    const filters: Array<[string, Partial<ListConversationsInput>]> = [
      ['all', {}],
      ['open', { status: ['open'] }],
      ['mine', { assigneeId: viewerId }],
      ['unassigned', { assigneeId: 'none' }],
      ['mine_open', { assigneeId: viewerId, status: ['open'] }],
    ];
    const pagesPerFilter = 4;
    const rounds = quick ? 8 : 20;
    const all: number[] = [];
    const byFilter: Record<string, number[]> = {};
    for (let r = -1; r < rounds; r++) {
      // r = -1: warm-up
      for (const [name, f] of filters) {
        let cursor: string | undefined;
        for (let p = 0; p < pagesPerFilter; p++) {
          const s = performance.now();
          const res = await listConversations(database.db, { ...base, ...f, limit: 25, cursor });
          const ms = performance.now() - s;
          if (r >= 0) {
            all.push(ms);
            (byFilter[name] ??= []).push(ms);
          }
          if (!res.nextCursor) break;
          cursor = res.nextCursor;
        }
      }
    }
    // A deep page (20th) of the unfiltered list: keyset pagination should not degrade with depth.
    let cursor: string | undefined;
    const deep: number[] = [];
    for (let p = 0; p < 20; p++) {
      const s = performance.now();
      const res = await listConversations(database.db, { ...base, limit: 25, cursor });
      if (p >= 15) deep.push(performance.now() - s);
      if (!res.nextCursor) break;
      cursor = res.nextCursor;
    }
    const statements: Record<string, number> = {};
    for (const limit of [10, 25, 100]) {
      const s0 = database.stats.statements;
      await listConversations(database.db, { ...base, limit });
      statements[String(limit)] = database.stats.statements - s0;
    }
    return {
      qps: sig(qps),
      rawP95: round(rawP95, 4),
      rawN: lat.length,
      listP95: round(percentile(all, 95), 3),
      list: summarize(all),
      listN: all.length,
      byFilter: Object.fromEntries(
        Object.entries(byFilter).map(([k, v]) => [k, round(percentile(v, 95), 2)]),
      ),
      deepPageP50: round(percentile(deep, 50), 2),
      statements,
      conversations: seeded.conversations,
      messages: seeded.messages,
    };
  } finally {
    await database.close();
  }
}
