/**
 * `kefu backup` and `kefu restore`: the whole state of a DATA_DIR in one archive.
 *
 * Archive (tar.gz, see backup-archive.ts), in this order:
 *   kefu-backup.json   {format, version, createdAt, database}: read first, so a foreign file or a
 *                      newer format is refused before anything is unpacked
 *   database/kefu.db   SQLite online-backup snapshot (absent in PostgreSQL mode: use pg_dump)
 *   secret.key         DATA_DIR/secret.key, when present (it signs visitor tokens and more)
 *   uploads/…          every file under DATA_DIR/uploads
 *   manifest.json      everything: format, version, createdAt, database page count and integrity,
 *                      secret source, and every file above with its size and SHA-256
 *
 * Restore unpacks into a staging directory next to the target, verifies every size and checksum
 * and runs PRAGMA integrity_check on the database, and only then moves the previous state (if any,
 * with --force) to DATA_DIR/.pre-restore-<time>/ and the restored files into place.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
} from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import Database from 'better-sqlite3';
import type { Config } from '../core/config.ts';
import { BackupError, readTarGz, TarGzWriter, type FileDigest } from './backup-archive.ts';

export { BackupError } from './backup-archive.ts';

export const BACKUP_FORMAT = 'kefu-backup';
export const BACKUP_VERSION = 1;
const HEADER = 'kefu-backup.json';
const MANIFEST = 'manifest.json';
const DB_ENTRY = 'database/kefu.db';
const SECRET = 'secret.key';
/** Storage keys are [A-Za-z0-9/_-] (infra/local-storage.ts); dots are allowed for files put there by hand. */
const SAFE_SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;

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

export interface BackupResult {
  file: string;
  manifest: BackupManifest;
  skipped: string[];
}
export interface RestoreResult {
  manifest: BackupManifest;
  previousStateDir: string | null;
}

type Print = (line: string) => void;
const stdout: Print = (line) => {
  process.stdout.write(`${line}\n`);
};
const timestamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-');

async function snapshotSqlite(
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

/** Relative paths of the regular files under `root`, sorted; names outside SAFE_SEGMENT are reported, not archived. */
async function listFiles(root: string, skipped: string[], prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(root, prefix), { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (!SAFE_SEGMENT.test(e.name)) {
      skipped.push(rel);
      continue;
    }
    if (e.isDirectory()) out.push(...(await listFiles(root, skipped, rel)));
    else if (e.isFile()) out.push(rel);
    else skipped.push(rel);
  }
  return out;
}

/**
 * Writes one archive of the DATA_DIR's whole state. Safe while the server runs and writes.
 * Default file: DATA_DIR/backups/kefu-<time>.tar.gz (that directory is never archived).
 */
export async function createBackup(
  config: Config,
  opts: { out?: string; print?: Print } = {},
): Promise<BackupResult> {
  const print = opts.print ?? stdout;
  const dataDir = resolve(config.DATA_DIR);
  const createdAt = new Date();
  const out = resolve(opts.out ?? join(dataDir, 'backups', `kefu-${timestamp(createdAt)}.tar.gz`));
  if (existsSync(out)) throw new BackupError('backup_exists', `${out} already exists`);
  await mkdir(dirname(out), { recursive: true });
  const work = await mkdtemp(join(dirname(out), '.kefu-backup-'));
  const writer = new TarGzWriter(join(work, 'archive.tar.gz'));
  const files: FileDigest[] = [];
  const skipped: string[] = [];
  try {
    // 1. The database first. Uploads are taken after it: a row in the snapshot that references an
    //    upload was committed after its file was written (upload-attachment, kb files and avatars
    //    write the file before the row), so the file is on disk before the snapshot and is archived
    //    below. Files added after the snapshot are archived too and are merely unreferenced there.
    //    Storage keys are write-once (new key per file), so a file read later is the file the row meant.
    let database: BackupManifest['database'];
    let snapshot: string | null = null;
    if (config.database.kind === 'sqlite') {
      snapshot = join(work, 'kefu.db');
      const info = await snapshotSqlite(resolve(config.database.file), snapshot);
      database = { kind: 'sqlite', included: true, path: DB_ENTRY, ...info, integrity: 'ok' };
    } else {
      database = { kind: 'postgres', included: false };
      print(
        'PostgreSQL mode: the database is NOT in this archive; back it up with pg_dump (e.g. `pg_dump -Fc "$DATABASE_URL" > kefu.dump`).',
      );
      print('This archive holds secret.key and uploads/ only.');
    }
    await writer.addBuffer(
      HEADER,
      Buffer.from(
        `${JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: createdAt.toISOString(), database: database.kind })}\n`,
      ),
    );
    if (snapshot) files.push(await writer.addFile(DB_ENTRY, snapshot, (await stat(snapshot)).size));
    // 2. secret.key: without it a restored server signs with a new key and rejects every visitor token.
    const secret = await readFile(join(dataDir, SECRET)).catch((err) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (secret) files.push(await writer.addBuffer(SECRET, secret, 0o600));
    if (config.SECRET_KEY) {
      print(
        `SECRET_KEY comes from the environment: it is not in the archive${secret ? ' (DATA_DIR/secret.key is, but the server does not use it)' : ''}; keep SECRET_KEY with this backup.`,
      );
    } else if (!secret)
      print('No secret.key in DATA_DIR yet (the server creates it at first start).');
    // 3. Uploads, read whole (they are bounded by MAX_UPLOAD_BYTES) so the size in the header is the size hashed.
    const uploadsDir = join(dataDir, 'uploads');
    for (const rel of await listFiles(uploadsDir, skipped)) {
      const data = await readFile(join(uploadsDir, rel)).catch((err) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      if (!data) {
        skipped.push(rel);
        continue;
      } // removed since the listing (a replaced avatar)
      files.push(await writer.addBuffer(`uploads/${rel}`, data));
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: createdAt.toISOString(),
      database,
      secret: config.SECRET_KEY ? 'env' : secret ? 'file' : 'none',
      files,
    };
    await writer.addBuffer(MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    await writer.finish();
    await rename(join(work, 'archive.tar.gz'), out);
    const uploads = files.filter((f) => f.path.startsWith('uploads/'));
    print(`Backup written to ${out}`);
    print(
      `  database: ${database.included ? `${database.pageCount} pages of ${database.pageSize} bytes, integrity ok` : 'not included (PostgreSQL: use pg_dump)'}`,
    );
    print(`  secret.key: ${secret ? 'included' : 'not included'}`);
    print(`  uploads: ${uploads.length} file(s), ${uploads.reduce((n, f) => n + f.size, 0)} bytes`);
    if (skipped.length)
      print(
        `  skipped (not regular files, unexpected names, or removed while reading): ${skipped.join(', ')}`,
      );
    return { file: out, manifest, skipped };
  } catch (err) {
    await writer.abort();
    throw err;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Throws restore_server_running when another connection has the SQLite file open (a running server). */
function assertNotInUse(dbFile: string): void {
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

function parseJson<T>(data: Buffer, what: string): T {
  try {
    return JSON.parse(data.toString('utf8')) as T;
  } catch {
    throw new BackupError('backup_corrupt', `the archive is damaged (${what} is not valid JSON)`);
  }
}

function checkFormat(doc: { format?: unknown; version?: unknown }, what: string): void {
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

async function collect(body: AsyncIterable<Buffer>, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of body) {
    n += c.length;
    if (n > limit)
      throw new BackupError('backup_corrupt', 'the archive is damaged (metadata too large)');
    parts.push(c);
  }
  return Buffer.concat(parts);
}

/**
 * Restores an archive into DATA_DIR (and the configured SQLite file). Nothing in place is touched
 * until every file is unpacked and verified; with `force`, the previous state moves to
 * DATA_DIR/.pre-restore-<time>/.
 */
export async function restoreBackup(
  config: Config,
  opts: { from: string; force?: boolean; print?: Print },
): Promise<RestoreResult> {
  const print = opts.print ?? stdout;
  const archive = resolve(opts.from);
  if (!existsSync(archive)) throw new BackupError('backup_not_found', `no backup at ${archive}`);
  const dataDir = resolve(config.DATA_DIR);
  const dbFile = config.database.kind === 'sqlite' ? resolve(config.database.file) : null;
  const statePaths = [
    ...(dbFile ? ['', '-wal', '-shm', '-journal'].map((s) => dbFile + s) : []),
    join(dataDir, SECRET),
    join(dataDir, 'uploads'),
  ];
  const existing = statePaths.filter((p) => existsSync(p));
  if (existing.length && !opts.force) {
    throw new BackupError(
      'restore_target_not_empty',
      `${dataDir} already holds Kefu state (${existing.map((p) => relative(dataDir, p) || p).join(', ')}); pass --force to move it to ${join(dataDir, '.pre-restore-<time>')} and restore`,
    );
  }
  if (dbFile) assertNotInUse(dbFile);

  const stamp = timestamp(new Date());
  const createdDataDir = !existsSync(dataDir);
  await mkdir(dataDir, { recursive: true });
  const stage = await mkdtemp(join(dataDir, '.restore-'));
  const stagedDb = dbFile ? `${dbFile}.restore-${stamp}` : null;
  if (dbFile) await mkdir(dirname(dbFile), { recursive: true });
  const cleanup = async () => {
    await rm(stage, { recursive: true, force: true });
    if (stagedDb) await rm(stagedDb, { force: true });
    if (createdDataDir) await rmdir(dataDir).catch(() => {});
  };

  let manifest: BackupManifest;
  try {
    manifest = await unpack(archive, stage, stagedDb, config.database.kind);
    if (stagedDb && manifest.database.included)
      verifyDatabase(stagedDb, manifest.database.pageCount);
    if (dbFile) assertNotInUse(dbFile); // again: a server may have started while we unpacked
  } catch (err) {
    await cleanup();
    throw err;
  }

  // Swap: the previous state aside, then the verified files in. Renames within one file system.
  const aside = existing.length ? join(dataDir, `.pre-restore-${stamp}`) : null;
  const asidePath = (p: string) =>
    p.startsWith(dataDir + sep)
      ? join(aside!, relative(dataDir, p))
      : join(dirname(p), `.pre-restore-${stamp}`, p.slice(dirname(p).length + 1));
  const done: Array<[string, string]> = [];
  const move = async (from: string, to: string) => {
    await mkdir(dirname(to), { recursive: true });
    await rename(from, to);
    done.push([from, to]);
  };
  try {
    for (const p of existing) await move(p, asidePath(p));
    if (stagedDb && manifest.database.included) await move(stagedDb, dbFile!);
    if (existsSync(join(stage, SECRET))) {
      await chmod(join(stage, SECRET), 0o600);
      await move(join(stage, SECRET), join(dataDir, SECRET));
    }
    if (existsSync(join(stage, 'uploads')))
      await move(join(stage, 'uploads'), join(dataDir, 'uploads'));
  } catch (err) {
    for (const [from, to] of done.reverse()) await rename(to, from).catch(() => {});
    await cleanup();
    throw err;
  }
  await cleanup();

  const uploads = manifest.files.filter((f) => f.path.startsWith('uploads/'));
  print(`Restored ${archive} (created ${manifest.createdAt}) into ${dataDir}`);
  print(
    `  database: ${manifest.database.included ? `${manifest.database.pageCount} pages, integrity ok, at ${dbFile}` : 'not in the archive (PostgreSQL: restore it with pg_restore)'}`,
  );
  print(
    `  secret.key: ${manifest.files.some((f) => f.path === SECRET) ? 'restored' : 'not in the archive'}`,
  );
  print(`  uploads: ${uploads.length} file(s)`);
  if (config.SECRET_KEY && manifest.files.some((f) => f.path === SECRET))
    print(
      '  This configuration sets SECRET_KEY, so the server ignores the restored secret.key: unset SECRET_KEY (or set it to that key) or visitor tokens issued before the backup are rejected.',
    );
  if (manifest.secret === 'env')
    print(
      '  The backed-up server took SECRET_KEY from the environment: start this one with the same SECRET_KEY, or visitor tokens are rejected.',
    );
  if (aside)
    print(
      `  The previous state is kept in ${aside}${dbFile && !dbFile.startsWith(dataDir + sep) ? ` (the previous database in ${join(dirname(dbFile), `.pre-restore-${stamp}`)})` : ''}`,
    );
  if (!dbFile)
    print(
      '  PostgreSQL mode: stop every kefu process on this DATA_DIR before restoring (not checked).',
    );
  return { manifest, previousStateDir: aside };
}

function verifyDatabase(file: string, pageCount: number): void {
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

/** Unpacks into `stage` (and the database into `stagedDb`), verifying every entry against the manifest. */
async function unpack(
  archive: string,
  stage: string,
  stagedDb: string | null,
  kind: 'sqlite' | 'postgres',
): Promise<BackupManifest> {
  type Header = { format?: unknown; version?: unknown; database?: unknown };
  const st: { header: Header | null; manifest: BackupManifest | null } = {
    header: null,
    manifest: null,
  };
  const got = new Map<string, FileDigest>();
  await readTarGz(archive, async (entry, body) => {
    if (!st.header) {
      if (entry.name !== HEADER)
        throw new BackupError(
          'backup_unrecognized',
          `not a Kefu backup (first entry is ${entry.name}, expected ${HEADER})`,
        );
      const header = parseJson<Header>(await collect(body, 65_536), HEADER);
      checkFormat(header, HEADER);
      st.header = header;
      if (header.database !== kind) {
        throw new BackupError(
          'backup_database_mismatch',
          header.database === 'sqlite'
            ? 'this backup holds a SQLite database but DATABASE_URL points to PostgreSQL; unset DATABASE_URL to restore it'
            : 'this backup was taken in PostgreSQL mode (no database inside) but this configuration uses SQLite; set DATABASE_URL and restore the database with pg_restore',
        );
      }
      return;
    }
    if (st.manifest)
      throw new BackupError(
        'backup_corrupt',
        `the archive is damaged (entry ${entry.name} after the manifest)`,
      );
    if (entry.name === MANIFEST) {
      const manifest = parseJson<BackupManifest>(await collect(body, 256 * 1_048_576), MANIFEST);
      checkFormat(manifest, MANIFEST);
      if (manifest.database?.kind !== st.header.database)
        throw new BackupError(
          'backup_corrupt',
          `${MANIFEST} and ${HEADER} disagree on the database`,
        );
      st.manifest = manifest;
      return;
    }
    if (got.has(entry.name))
      throw new BackupError(
        'backup_corrupt',
        `the archive is damaged (${entry.name} appears twice)`,
      );
    let target: string;
    if (entry.name === DB_ENTRY && stagedDb) target = stagedDb;
    else if (entry.name === SECRET) target = join(stage, SECRET);
    else if (
      entry.name.startsWith('uploads/') &&
      entry.name
        .split('/')
        .slice(1)
        .every((s) => SAFE_SEGMENT.test(s))
    )
      target = join(stage, entry.name);
    else
      throw new BackupError(
        'backup_corrupt',
        `the archive holds an unexpected entry: ${entry.name}`,
      );
    await mkdir(dirname(target), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    await pipeline(
      (async function* () {
        for await (const c of body) {
          hash.update(c);
          size += c.length;
          yield c;
        }
      })(),
      createWriteStream(target, { flags: 'wx', mode: entry.name === SECRET ? 0o600 : 0o644 }),
    );
    got.set(entry.name, { path: entry.name, size, sha256: hash.digest('hex') });
  });
  if (!st.header) throw new BackupError('backup_unrecognized', 'not a Kefu backup (empty archive)');
  if (!st.manifest)
    throw new BackupError('backup_truncated', `the archive has no ${MANIFEST} (it is incomplete)`);
  const m = st.manifest;
  if (!Array.isArray(m.files))
    throw new BackupError('backup_corrupt', `${MANIFEST} has no file list`);
  for (const f of m.files) {
    const g = got.get(f.path);
    if (!g)
      throw new BackupError(
        'backup_missing_file',
        `${f.path} is listed in the manifest but missing from the archive`,
      );
    if (g.size !== f.size || g.sha256 !== f.sha256)
      throw new BackupError(
        'backup_corrupt',
        `checksum mismatch for ${f.path} (the archive is damaged)`,
      );
    got.delete(f.path);
  }
  if (got.size)
    throw new BackupError(
      'backup_corrupt',
      `the archive holds files the manifest does not list: ${[...got.keys()].join(', ')}`,
    );
  if (m.database?.included && !m.files.some((f) => f.path === DB_ENTRY))
    throw new BackupError('backup_missing_file', `${DB_ENTRY} is missing from the archive`);
  return m;
}
