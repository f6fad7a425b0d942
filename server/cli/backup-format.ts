/**
 * The format of a `kefu backup` archive, shared by backup.ts (writer) and backup-unpack.ts (reader).
 *
 * Archive (tar.gz, see backup-archive.ts), in this order:
 *   kefu-backup.json   {format, version, createdAt, database}: read first, so a foreign file or a
 *                      newer format is refused before anything is unpacked
 *   database/kefu.db   SQLite online-backup snapshot (absent in PostgreSQL mode: use pg_dump)
 *   secret.key         DATA_DIR/secret.key, when present (it signs visitor tokens and more)
 *   uploads/…          every file under DATA_DIR/uploads
 *   manifest.json      everything: format, version, createdAt, database page count and integrity,
 *                      secret source, and every file above with its size and SHA-256
 */
import { BackupError, type FileDigest } from './backup-archive.ts';

export const BACKUP_FORMAT = 'kefu-backup';
export const BACKUP_VERSION = 1;
export const HEADER = 'kefu-backup.json';
export const MANIFEST = 'manifest.json';
export const DB_ENTRY = 'database/kefu.db';
export const SECRET = 'secret.key';
/** Storage keys are [A-Za-z0-9/_-] (infra/local-storage.ts); dots are allowed for files put there by hand. */
export const SAFE_SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  database:
    | {
        kind: 'sqlite';
        included: true;
        path: string;
        pageCount: number;
        pageSize: number;
        integrity: 'ok';
      }
    | { kind: 'postgres'; included: false };
  /** Where the server's secret came from: the archived file, the SECRET_KEY environment variable (not archived), or nowhere yet. */
  secret: 'file' | 'env' | 'none';
  files: FileDigest[];
}

/** Refuses a document (header or manifest) that is not a Kefu backup of the version this kefu reads. */
export function checkFormat(doc: { format?: unknown; version?: unknown }, what: string): void {
  if (doc?.format !== BACKUP_FORMAT)
    throw new BackupError(
      'backup_unrecognized',
      `not a Kefu backup (${what} has no "format": "${BACKUP_FORMAT}")`,
    );
  if (doc.version !== BACKUP_VERSION)
    throw new BackupError(
      'backup_unsupported_version',
      `backup format version ${JSON.stringify(doc.version)} is not supported (this kefu reads version ${BACKUP_VERSION})`,
    );
}

/** Where `kefu backup` and `kefu restore` report what they did (stdout unless a test passes its own). */
export type Print = (line: string) => void;
export const stdout: Print = (line) => {
  process.stdout.write(`${line}\n`);
};
export const timestamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-');
