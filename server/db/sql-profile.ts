/**
 * A development aid: `KEFU_SQL_PROFILE=/tmp/sql` times every SQLite statement by its SQL text and, at
 * exit, writes `/tmp/sql.<pid>` (total ms, calls, µs per call, SQL), dearest first.
 * `KEFU_SQL_PROFILE_WINDOW=6-10` counts only calls between 6 and 10 s after start (one benchmark phase).
 * Off unless set; never used in production.
 */
import { writeFileSync } from 'node:fs';
import type SQLite from 'better-sqlite3';

const target = process.env.KEFU_SQL_PROFILE;
export const sqlProfiling = !!target;

const totals = new Map<string, { n: number; ms: number }>();
const t0 = Date.now();
const [from, to] = (process.env.KEFU_SQL_PROFILE_WINDOW ?? '').split('-').map(Number);

if (target) {
  process.on('exit', () => {
    const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms)
      .map(([sql, v]) => `${v.ms.toFixed(0).padStart(7)} ms ${String(v.n).padStart(8)} ${((1000 * v.ms) / v.n).toFixed(1).padStart(7)}us  ${sql.replace(/\s+/g, ' ').slice(0, 220)}`);
    writeFileSync(`${target}.${process.pid}`, rows.join('\n'));
  });
}

/** The statement with its run/all/get/iterate timed. */
export function profiled(stmt: SQLite.Statement, sql: string): SQLite.Statement {
  return new Proxy(stmt, {
    get(t, prop) {
      const v = Reflect.get(t, prop);
      if (typeof v !== 'function') return v;
      if (prop !== 'all' && prop !== 'run' && prop !== 'get' && prop !== 'iterate') return v.bind(t);
      return (...args: unknown[]) => {
        const start = performance.now();
        try { return (v as (...a: unknown[]) => unknown).apply(t, args); } finally {
          const sec = (Date.now() - t0) / 1000;
          if (Number.isNaN(from) || (sec >= from && sec < to)) {
            const rec = totals.get(sql) ?? { n: 0, ms: 0 };
            totals.set(sql, rec);
            rec.n++; rec.ms += performance.now() - start;
          }
        }
      };
    },
  });
}
