/**
 * Hot queries compiled once. Kysely builds an immutable operation tree and compiles it to SQL on every
 * call, which on the message path costs more than SQLite executing the statement. `prepared()` builds
 * the query once per dialect with marker values, remembers which SQL parameter is which input, and
 * afterwards only fills an array. Use it for fixed-shape queries on hot paths (no `in` lists whose
 * length varies, no values Kysely transforms); anything else stays an ordinary Kysely query.
 */
import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Executor } from './client.ts';

/**
 * Inside a SQLite transaction the connection is this transaction's alone (Kysely took it for the
 * transaction's whole life), so a compiled statement can go to better-sqlite3 directly: Kysely's
 * executor adds 3.5–7 µs of promises and connection bookkeeping to a statement SQLite runs in under
 * one (measured), and a customer message runs a dozen of them. The result has Kysely's shape, and the
 * statement still counts in `database.stats`. Outside a transaction, and on PostgreSQL, queries take
 * the ordinary Kysely path. `client.ts` registers each SQLite database by its Kysely adapter (shared
 * by the database and all its transactions).
 */
const direct = new WeakMap<object, { sqlite: SQLite.Database; onStatement: () => void }>();

export function registerDirectSqlite(
  adapter: object,
  sqlite: SQLite.Database,
  onStatement: () => void,
): void {
  direct.set(adapter, { sqlite, onStatement });
}

/** Runs compiled SQL: straight on better-sqlite3 inside a SQLite transaction, through Kysely otherwise. */
export function runCompiled<R>(
  db: Executor,
  sql: string,
  values: readonly unknown[],
): Promise<QueryResult<R>> {
  const d = db.isTransaction ? direct.get(db.getExecutor().adapter) : undefined;
  if (!d) return db.executeQuery<R>(CompiledQuery.raw(sql, values as unknown[]));
  d.onStatement();
  try {
    const stmt = d.sqlite.prepare(sql);
    if (stmt.reader) return Promise.resolve({ rows: stmt.all(values) as R[] });
    const { changes, lastInsertRowid } = stmt.run(values);
    return Promise.resolve({
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
      rows: [],
    });
  } catch (err) {
    return Promise.reject(err);
  }
}

const MARK = '\u0000kefu-param\u0000';

type Slot = { param: string } | { value: unknown };
interface Plan {
  sql: string;
  slots: Slot[];
}

export interface PreparedQuery<P, R> {
  /** All rows. */
  all(db: Executor, params: P): Promise<R[]>;
  /** The first row, if any. */
  first(db: Executor, params: P): Promise<R | undefined>;
  /** Runs a write; the number of rows it changed. */
  run(db: Executor, params: P): Promise<number>;
}

/**
 * `build` receives marker values in place of the inputs: it must pass each input straight to Kysely as
 * a value (`where('id', '=', p.id)`, `values({ id: p.id })`), which is checked on first use.
 */
export function prepared<P extends Record<string, unknown>, R = unknown>(
  build: (db: Executor, p: P) => Compilable<R>,
): PreparedQuery<P, R> {
  const plans = new Map<unknown, Plan>(); // per dialect adapter (SQLite and PostgreSQL write different SQL)

  const plan = (db: Executor, params: P): Plan => {
    const key = db.getExecutor().adapter.constructor;
    let p = plans.get(key);
    if (!p) {
      const markers = Object.fromEntries(
        Object.keys(params).map((k) => [k, `${MARK}${k}`]),
      ) as unknown as P;
      const compiled = build(db, markers).compile();
      const slots: Slot[] = compiled.parameters.map((v) =>
        typeof v === 'string' && v.startsWith(MARK)
          ? { param: v.slice(MARK.length) }
          : { value: v },
      );
      for (const k of Object.keys(params)) {
        if (!slots.some((s) => 'param' in s && s.param === k))
          throw new Error(
            `prepared query: input "${k}" is not a plain parameter of: ${compiled.sql}`,
          );
      }
      if (compiled.sql.includes(MARK))
        throw new Error(`prepared query: an input was inlined into the SQL: ${compiled.sql}`);
      p = { sql: compiled.sql, slots };
      plans.set(key, p);
    }
    return p;
  };

  const exec = async (db: Executor, params: P) => {
    const { sql, slots } = plan(db, params);
    const values = slots.map((s) => ('param' in s ? params[s.param] : s.value));
    return runCompiled<R>(db, sql, values);
  };

  return {
    async all(db, params) {
      return (await exec(db, params)).rows;
    },
    async first(db, params) {
      return (await exec(db, params)).rows[0];
    },
    async run(db, params) {
      return Number((await exec(db, params)).numAffectedRows ?? 0n);
    },
  };
}
