/**
 * A development aid: with `SQL_PROFILE=/tmp/sql` (server/config.ts) the server times every SQLite
 * statement by its SQL text and, at exit, writes `/tmp/sql.<pid>` (total ms, calls, µs per call, SQL),
 * dearest first. `SQL_PROFILE_WINDOW=6-10` counts only calls between 6 and 10 s after start (one
 * benchmark phase). Off unless configured.
 */
import { writeFileSync } from 'node:fs';
import type SQLite from 'better-sqlite3';

export interface SqlProfileOptions {
  /** Output path prefix; the process id is appended. */
  file: string;
  /** Seconds after start [from, to) to count; every call when absent. */
  window?: [number, number];
}

export type StatementWrapper = (stmt: SQLite.Statement, sql: string) => SQLite.Statement;

/** A wrapper that times the statements it is given, and writes the totals when the process exits. */
export function sqlProfiler({ file, window }: SqlProfileOptions): StatementWrapper {
  const totals = new Map<string, { n: number; ms: number }>();
  const t0 = Date.now();
  const counts = () => {
    const sec = (Date.now() - t0) / 1000;
    return !window || (sec >= window[0] && sec < window[1]);
  };
  process.on('exit', () => {
    const rows = [...totals]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(
        ([sql, v]) =>
          `${v.ms.toFixed(0).padStart(7)} ms ${String(v.n).padStart(8)} ${((1000 * v.ms) / v.n).toFixed(1).padStart(7)}us  ${sql.replace(/\s+/g, ' ').slice(0, 220)}`,
      );
    writeFileSync(`${file}.${process.pid}`, rows.join('\n'));
  });
  return (stmt, sql) =>
    new Proxy(stmt, {
      get(t, prop) {
        const v = Reflect.get(t, prop);
        if (typeof v !== 'function') return v;
        if (prop !== 'all' && prop !== 'run' && prop !== 'get' && prop !== 'iterate')
          return v.bind(t);
        return (...args: unknown[]) => {
          const start = performance.now();
          try {
            return (v as (...a: unknown[]) => unknown).apply(t, args);
          } finally {
            if (counts()) {
              const rec = totals.get(sql) ?? { n: 0, ms: 0 };
              totals.set(sql, rec);
              rec.n++;
              rec.ms += performance.now() - start;
            }
          }
        };
      },
    });
}
