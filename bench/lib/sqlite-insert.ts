/**
 * The raw baseline of the ingest benchmark (`sqlite_insert`): better-sqlite3, one prepared single-row
 * INSERT per autocommit into `messages` created by the real migration (WAL, synchronous=NORMAL, the
 * same indexes), the same message text as the scenario.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../server/core/db/client.ts';
import { migrateToLatest } from '../../server/core/db/migrate.ts';
import { MESSAGE_TEXT } from './ingest.ts';
import { tempDir } from './proc.ts';
import { percentile, round, sig } from './stats.ts';

/** Rows/s and per-insert p99 (ms) over 3 s (full 8 s) after 500 warm-up rows. */
export async function sqliteInsert(quick: boolean) {
  const dir = tempDir('insert');
  const database = openDatabase({ kind: 'sqlite', file: join(dir, 'insert.db') }); // WAL + synchronous=NORMAL
  await migrateToLatest(database.db, database.dialect);
  const db = database.sqlite!;
  const accountId = randomUUID();
  const convs = Array.from({ length: 100 }, () => randomUUID());
  const seqs = new Array<number>(convs.length).fill(0);
  const stmt =
    db.prepare(`insert into messages (id,account_id,conversation_id,seq,message_type,sender_type,sender_id,content,content_attributes,client_message_id,idempotency_key,external_id,status,created_at)
    values (?,?,?,?,'incoming','contact',?,?,'{}',?,?,null,'sent',?)`);
  const seconds = quick ? 3 : 8;
  const maxRows = quick ? 200_000 : 1_000_000;
  const lat: number[] = [];
  const insert = (i: number, cmid: string) => {
    const c = i % convs.length;
    stmt.run(
      randomUUID(),
      accountId,
      convs[c],
      ++seqs[c],
      convs[c],
      MESSAGE_TEXT,
      cmid,
      `contact:${convs[c]}:${cmid}`,
      Date.now(),
    );
  };
  for (let i = 0; i < 500; i++) insert(i, `w${i}`);
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let n = 0;
  for (; n < maxRows; n++) {
    const s = performance.now();
    if (s > end) break;
    insert(n, `m${n}`);
    lat.push(performance.now() - s);
  }
  const elapsed = (performance.now() - t0) / 1000;
  await database.close();
  return { rate: sig(n / elapsed), p99: round(percentile(lat, 99), 4), n };
}
