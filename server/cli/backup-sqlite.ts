/**
 * The SQLite side of `kefu backup` / `kefu restore`: a consistent snapshot of a live database, the
 * integrity check of a snapshot or a restored file, and the check that no server has the file open.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { BackupError } from './backup-archive.ts';

export async function snapshotSqlite(
  source: string,
  target: string,
): Promise<{ pageCount: number; pageSize: number }> {
  if (!existsSync(source))
    throw new BackupError('backup_no_database', `no SQLite database at ${source}`);
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // The online backup API restarts when another connection writes between steps; copying every
    // page in one step reads one consistent WAL snapshot instead (writers are not blocked by it).
    await db.backup(target, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const copy = new Database(target, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE'); // one self-contained file; the server turns WAL back on when it opens it
    const problems = integrityProblems(copy);
    if (problems)
      throw new BackupError(
        'backup_integrity_failed',
        `the database snapshot fails PRAGMA integrity_check: ${problems}`,
      );
    return {
      pageCount: Number(copy.pragma('page_count', { simple: true })),
      pageSize: Number(copy.pragma('page_size', { simple: true })),
    };
  } finally {
    copy.close();
  }
}

function integrityProblems(db: Database.Database): string | null {
  let rows: Array<{ integrity_check: string }>;
  try {
    rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
  } catch (err) {
    if (/^SQLITE_(CORRUPT|NOTADB)/.test((err as { code?: string }).code ?? ''))
      return (err as Error).message;
    throw err;
  }
  const bad = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  return bad.length ? bad.slice(0, 5).join('; ') : null;
}

/** Throws restore_server_running when another connection has the SQLite file open (a running server). */
export function assertNotInUse(dbFile: string): void {
  if (!existsSync(dbFile)) return;
  let db: Database.Database | null = null;
  try {
    db = new Database(dbFile, { fileMustExist: true });
    db.pragma('busy_timeout = 0');
    // An exclusive lock is refused while any other connection (any process) has the WAL database open.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
  } catch (err) {
    if (
      (err as { code?: string }).code?.startsWith('SQLITE_BUSY') ||
      (err as { code?: string }).code?.startsWith('SQLITE_LOCKED')
    ) {
      throw new BackupError(
        'restore_server_running',
        `${dbFile} is in use (a Kefu server or another kefu command is running on this DATA_DIR); stop it first`,
      );
    }
    // Not a database (damaged, or not SQLite at all): no server can have it open; --force may replace it.
    if (/^SQLITE_(CORRUPT|NOTADB)/.test((err as { code?: string }).code ?? '')) return;
    throw err;
  } finally {
    db?.close();
  }
}

/** Restore: the unpacked database passes PRAGMA integrity_check and has the manifest's page count. */
export function verifyDatabase(file: string, pageCount: number): void {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { fileMustExist: true });
    const problems = integrityProblems(db);
    if (problems)
      throw new BackupError(
        'backup_integrity_failed',
        `the database in the archive fails PRAGMA integrity_check: ${problems}`,
      );
    const pages = Number(db.pragma('page_count', { simple: true }));
    if (pages !== pageCount)
      throw new BackupError(
        'backup_corrupt',
        `the database has ${pages} pages, the manifest says ${pageCount}`,
      );
  } catch (err) {
    if (/^SQLITE_(CORRUPT|NOTADB)/.test((err as { code?: string }).code ?? ''))
      throw new BackupError(
        'backup_integrity_failed',
        `the database in the archive is damaged: ${(err as Error).message}`,
      );
    throw err;
  } finally {
    db?.close();
  }
}
