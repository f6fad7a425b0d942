/**
 * `kefu backup`: the whole state of a DATA_DIR in one archive — the SQLite database snapshot,
 * secret.key and every upload, each with its size and SHA-256 in the manifest (the archive layout
 * is in backup-format.ts, the container in backup-archive.ts). `kefu restore` is backup-restore.ts.
 */
import { type Dirent, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../core/config.ts';
import { BackupError, type FileDigest, TarGzWriter } from './backup-archive.ts';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type BackupManifest,
  DB_ENTRY,
  HEADER,
  MANIFEST,
  type Print,
  SAFE_SEGMENT,
  SECRET,
  stdout,
  timestamp,
} from './backup-format.ts';
import { snapshotSqlite } from './backup-sqlite.ts';

export { BackupError } from './backup-archive.ts';
export { BACKUP_FORMAT, BACKUP_VERSION, type BackupManifest } from './backup-format.ts';
export { type RestoreResult, restoreBackup } from './backup-restore.ts';

export interface BackupResult {
  file: string;
  manifest: BackupManifest;
  skipped: string[];
}

/** Relative paths of the regular files under `root`, sorted; names outside SAFE_SEGMENT are reported, not archived. */
async function listFiles(root: string, skipped: string[], prefix = ''): Promise<string[]> {
  let entries: Dirent[];
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
