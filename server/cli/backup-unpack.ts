/**
 * Reading a `kefu backup` archive for restore: the header first (a foreign file, a newer format or
 * the other database kind is refused before anything is unpacked), every entry streamed into a
 * staging directory with its size and SHA-256, and the whole checked against the manifest.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { BackupError, readTarGz, type FileDigest } from './backup-archive.ts';
import {
  type BackupManifest,
  checkFormat,
  DB_ENTRY,
  HEADER,
  MANIFEST,
  SAFE_SEGMENT,
  SECRET,
} from './backup-format.ts';

function parseJson<T>(data: Buffer, what: string): T {
  try {
    return JSON.parse(data.toString('utf8')) as T;
  } catch {
    throw new BackupError('backup_corrupt', `the archive is damaged (${what} is not valid JSON)`);
  }
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

/** Unpacks into `stage` (and the database into `stagedDb`), verifying every entry against the manifest. */
export async function unpack(
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
