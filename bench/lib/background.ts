/**
 * Background work of the ingest benchmark, read from the server's database (never from the server's
 * memory): a message's background work is done when its analysis is stored (`message_analyses`) and
 * both its `message.created` and its `message.analyzed` events carry `dispatched_at` (the dispatcher
 * marks an event only after every processor of it finished: routing, SLA, rules, realtime, …).
 *
 * Readers: SQLite (a read-only better-sqlite3 connection to the child's WAL database: readers never
 * block the writer) and PostgreSQL (one `pg` client in the benchmark's schema). During a paced run the
 * bench reads nothing; it only polls the count of undispatched events (partial index) after the run.
 */
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { percentile, round, sleep } from './stats.ts';

export interface EventRow {
  id: number;
  type: string;
  payload: string;
  created_at: number;
  dispatched_at: number | null;
}

export interface BackgroundReader {
  /** Events not marked dispatched yet. */
  undispatched(): Promise<number>;
  maxEventId(): Promise<number>;
  /** Events with id > afterId of the types the lag needs (payload as JSON text). */
  events(afterId: number): Promise<EventRow[]>;
  /** message id → `message_analyses.created_at` for those of `ids` that are analysed. */
  analyses(ids: string[]): Promise<Map<string, number>>;
  close(): Promise<void>;
}

const TYPES = ['message.created', 'message.analyzed'];

export function sqliteReader(file: string): BackgroundReader {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const undispatched = db
    .prepare('select count(*) from events where dispatched_at is null')
    .pluck();
  const maxId = db.prepare('select coalesce(max(id), 0) from events').pluck();
  const events = db.prepare(
    `select id, type, payload, created_at, dispatched_at from events where id > ? and type in ('message.created', 'message.analyzed') order by id`,
  );
  return {
    undispatched: async () => Number(undispatched.get()),
    maxEventId: async () => Number(maxId.get()),
    events: async (afterId) => events.all(afterId) as EventRow[],
    analyses: async (ids) => {
      const out = new Map<string, number>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = db
          .prepare(
            `select message_id, created_at from message_analyses where message_id in (${chunk.map(() => '?').join(',')})`,
          )
          .all(...chunk) as Array<{ message_id: string; created_at: number }>;
        for (const r of rows) out.set(r.message_id, Number(r.created_at));
      }
      return out;
    },
    close: async () => {
      db.close();
    },
  };
}

export async function pgReader(
  url: string,
  schema: string,
): Promise<BackgroundReader & { client: pg.Client }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`set search_path to "${schema}"`);
  return {
    client,
    undispatched: async () =>
      Number(
        (await client.query('select count(*)::int as n from events where dispatched_at is null'))
          .rows[0].n,
      ),
    maxEventId: async () =>
      Number((await client.query('select coalesce(max(id), 0) as n from events')).rows[0].n),
    events: async (afterId) =>
      (
        await client.query(
          `select id, type, payload, created_at, dispatched_at from events where id > $1 and type = any($2) order by id`,
          [afterId, TYPES],
        )
      ).rows.map((r) => ({
        id: Number(r.id),
        type: r.type,
        payload: typeof r.payload === 'string' ? r.payload : JSON.stringify(r.payload),
        created_at: Number(r.created_at),
        dispatched_at: r.dispatched_at == null ? null : Number(r.dispatched_at),
      })),
    analyses: async (ids) => {
      const out = new Map<string, number>();
      const rows = (
        await client.query(
          'select message_id, created_at from message_analyses where message_id = any($1)',
          [ids],
        )
      ).rows;
      for (const r of rows) out.set(r.message_id, Number(r.created_at));
      return out;
    },
    close: async () => {
      await client.end();
    },
  };
}

/** Polls the undispatched count until 0 (every `pollMs`), at most `timeoutMs`; returns the wait in ms, or null on timeout. */
export async function waitUndispatched(
  reader: BackgroundReader,
  timeoutMs: number,
  pollMs = 100,
): Promise<{ ms: number | null; left: number }> {
  const t0 = performance.now();
  let left = await reader.undispatched();
  while (left > 0) {
    if (performance.now() - t0 > timeoutMs) return { ms: null, left };
    await sleep(pollMs);
    left = await reader.undispatched();
  }
  return { ms: Math.round(performance.now() - t0), left };
}

export interface AckedMessage {
  messageId: string;
  ackedAtWall: number;
}

/**
 * Per message: ack (bench clock, wall ms) → background done = max(analysis stored, message.created
 * dispatched, message.analyzed dispatched) (server clock, wall ms: the same machine's clock).
 * `settled_ms`: from `endWall` (last ack of the run) to the last dispatch mark / analysis of the run.
 */
export async function backgroundLag(
  reader: BackgroundReader,
  firstEventId: number,
  acked: AckedMessage[],
  endWall: number,
) {
  const rows = await reader.events(firstEventId);
  const created = new Map<string, EventRow>();
  const analyzed = new Map<string, EventRow>();
  let lastDone = 0;
  let undispatched = 0;
  for (const r of rows) {
    const p = JSON.parse(r.payload);
    if (r.type === 'message.created') created.set(p.message?.id, r);
    else analyzed.set(p.messageId, r);
    if (r.dispatched_at == null) undispatched++;
    else lastDone = Math.max(lastDone, r.dispatched_at);
  }
  const analysedAt = await reader.analyses(acked.map((a) => a.messageId));
  for (const t of analysedAt.values()) lastDone = Math.max(lastDone, t);
  const lag: number[] = [];
  const analysis: number[] = [];
  const createdDone: number[] = [];
  const analyzedDone: number[] = [];
  let missing = 0;
  for (const a of acked) {
    const c = created.get(a.messageId);
    const z = analyzed.get(a.messageId);
    const at = analysedAt.get(a.messageId);
    if (!c || c.dispatched_at == null || !z || z.dispatched_at == null || at === undefined) {
      missing++;
      continue;
    }
    lag.push(Math.max(c.dispatched_at, z.dispatched_at, at) - a.ackedAtWall);
    analysis.push(at - a.ackedAtWall);
    createdDone.push(c.dispatched_at - a.ackedAtWall);
    analyzedDone.push(z.dispatched_at - z.created_at);
  }
  const p = (v: number[], q: number) => round(percentile(v, q), 1);
  return {
    lagP99: p(lag, 99),
    lagP50: p(lag, 50),
    lagMax: lag.length ? Math.max(...lag) : NaN,
    n: lag.length,
    missing,
    undispatched,
    settledMs: Math.max(0, lastDone - endWall),
    /** ack → analysis stored (the ai-analyze job: queue wait + worker pool + recordAnalysis commit). */
    analysisP99: p(analysis, 99),
    analysisP50: p(analysis, 50),
    /** ack → message.created marked (its slowest processor: ai-analyze, routing lane, realtime lane, …). */
    createdDispatchedP99: p(createdDone, 99),
    /** message.analyzed committed → marked (routing/SLA/rules on the analysis, the bot turn). */
    analyzedDispatchedP99: p(analyzedDone, 99),
  };
}
