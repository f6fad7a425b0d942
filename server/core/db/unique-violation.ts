/** Recognises a unique-key violation of one named constraint in both dialects. */

export interface UniqueKey {
  /** The constraint's name (PostgreSQL reports it). */
  name: string;
  /** Its table and columns (SQLite reports `UNIQUE constraint failed: table.col, table.col`). */
  table: string;
  columns: string[];
}

export function isUniqueViolation(err: unknown, key: UniqueKey): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code === '23505') return e.constraint === key.name; // PostgreSQL unique_violation
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const failed = String(e.message ?? '')
      .replace(/^.*UNIQUE constraint failed:\s*/, '')
      .split(',')
      .map((s) => s.trim());
    return (
      failed.length === key.columns.length &&
      key.columns.every((c) => failed.includes(`${key.table}.${c}`))
    );
  }
  return false;
}
