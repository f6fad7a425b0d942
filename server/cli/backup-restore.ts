/**
 * `kefu restore`: an archive of `kefu backup` back into a DATA_DIR (and the configured SQLite file).
 *
 * Restore unpacks into a staging directory next to the target, verifies every size and checksum
 * (backup-unpack.ts) and runs PRAGMA integrity_check on the database (backup-sqlite.ts), and only
 * then moves the previous state (if any, with --force) to DATA_DIR/.pre-restore-<time>/ and the
 * restored files into place.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Config } from '../core/config.ts';
import { BackupError } from './backup-archive.ts';
import { type BackupManifest, type Print, SECRET, stdout, timestamp } from './backup-format.ts';
import { assertNotInUse, verifyDatabase } from './backup-sqlite.ts';
import { unpack } from './backup-unpack.ts';

export interface RestoreResult {
  manifest: BackupManifest;
  previousStateDir: string | null;
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
