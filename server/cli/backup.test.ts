/**
 * `kefu backup` / `kefu restore` on real SQLite files in temp directories: a DATA_DIR backed up while
 * its server writes, restored into a fresh directory and served again; damaged archives refused
 * without touching the target; --force keeps the previous state aside.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config.ts';
import { REPO_ROOT } from '../test/spawn-server.ts';
import { testApp, type SeededAccount, type TestApp } from '../test/test-app.ts';
import { createBackup } from './backup.ts';
import type { BackupManifest } from './backup-format.ts';
import { restoreBackup } from './backup-restore.ts';
import { sha, snapshot, tar, untar } from './test/backup-helpers.ts';

const dirs: string[] = [];
const tmp = (label: string) => {
  const d = mkdtempSync(join(tmpdir(), `kefu-backup-${label}-`));
  dirs.push(d);
  return d;
};
/** SQLite under `dataDir`, secret.key generated there (no SECRET_KEY), even when the suite runs against PostgreSQL. */
const sqliteEnv = (dataDir: string) => ({
  DATA_DIR: dataDir,
  SECRET_KEY: '',
  DATABASE_URL: '',
  REDIS_URL: '',
  RATE_LIMIT_MESSAGES_PER_MIN: '100000',
  RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '100000',
});
const cfg = (dataDir: string, env: Record<string, string> = {}) =>
  loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
const quiet = { print: () => {} };

let src: string;
let app: TestApp;
let acct: SeededAccount;
let visitor: { token: string; contactId: string };
let attachment: { id: string; bytes: Buffer };
let archive: string;
let backupLines: string[];
let manifest: BackupManifest;
let writesDuringBackup = 0;
let uploadsBeforeBackup = 0;

const upload = (a: TestApp, token: string, name: string, data: Buffer) => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type: 'application/octet-stream' }), name);
  return a.api('POST', '/widget/v1/attachments', { token, raw: form });
};

beforeAll(async () => {
  src = tmp('src');
  app = await testApp(sqliteEnv(src));
  acct = await app.seedAccount();
  visitor = await app.visitor(acct.inboxToken);
  const bytes = randomBytes(3000);
  const up = await upload(app, visitor.token, 'report.bin', bytes);
  expect(up.status).toBe(201);
  attachment = { id: up.body.id, bytes };
  const sent = await app.api('POST', '/widget/v1/messages', {
    token: visitor.token,
    body: {
      content: 'see attached',
      clientMessageId: 'before-backup',
      attachmentIds: [up.body.id],
    },
  });
  expect(sent.status).toBe(201);
  uploadsBeforeBackup = 1;

  // Writes continue during the backup: other visitors upload files and send messages with them.
  let stop = false;
  let writes = 0;
  const writer = (async () => {
    for (let i = 0; !stop; i++) {
      const v = await app.visitor(acct.inboxToken);
      const u = await upload(app, v.token, `f${i}.bin`, randomBytes(500 + i));
      const m = await app.api('POST', '/widget/v1/messages', {
        token: v.token,
        body: { content: `msg ${i}`, clientMessageId: `w-${i}`, attachmentIds: [u.body.id] },
      });
      if (u.status !== 201 || m.status !== 201)
        throw new Error(`write failed: ${u.status} ${m.status}`);
      writes++;
    }
  })();
  while (writes < 5) await new Promise((r) => setTimeout(r, 10));
  uploadsBeforeBackup += writes;
  archive = join(tmp('out'), 'kefu.tar.gz');
  backupLines = [];
  const before = writes;
  const result = await createBackup(cfg(src), { out: archive, print: (l) => backupLines.push(l) });
  writesDuringBackup = writes - before;
  stop = true;
  await writer;
  manifest = result.manifest;
}, 60_000);

afterAll(async () => {
  await app?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('kefu backup', () => {
  it('writes one archive with the database snapshot, secret.key and every upload, each with size and SHA-256, while the server writes', () => {
    expect(writesDuringBackup).toBeGreaterThan(0);
    expect(backupLines[0]).toBe(`Backup written to ${archive}`);
    expect(manifest).toMatchObject({
      format: 'kefu-backup',
      version: 1,
      secret: 'file',
      database: { kind: 'sqlite', included: true, integrity: 'ok' },
    });
    expect(manifest.database.included && manifest.database.pageCount).toBeGreaterThan(10);
    const byPath = new Map(manifest.files.map((f) => [f.path, f]));
    expect(byPath.get('secret.key')).toEqual({
      path: 'secret.key',
      size: statSync(join(src, 'secret.key')).size,
      sha256: sha(readFileSync(join(src, 'secret.key'))),
    });
    expect(byPath.has('database/kefu.db')).toBe(true);
    const uploads = manifest.files.filter((f) => f.path.startsWith('uploads/'));
    expect(uploads.length).toBeGreaterThanOrEqual(uploadsBeforeBackup);
    const key = `uploads/${acct.accountId}/${attachment.id}`;
    expect(byPath.get(key)).toEqual({
      path: key,
      size: attachment.bytes.length,
      sha256: sha(attachment.bytes),
    });
    // The container is a plain tar.gz: the header first, the manifest last.
    const names = untar(gunzipSync(readFileSync(archive))).map((e) => e.name);
    expect(names[0]).toBe('kefu-backup.json');
    expect(names.at(-1)).toBe('manifest.json');
    expect(names.slice(1, -1).sort()).toEqual(manifest.files.map((f) => f.path).sort());
  });

  it('in PostgreSQL mode says to use pg_dump, still archives secret.key and uploads, and says SECRET_KEY is not in it', async () => {
    const dir = tmp('pg');
    mkdirSync(join(dir, 'uploads', 'acct'), { recursive: true });
    writeFileSync(join(dir, 'uploads', 'acct', 'file1'), 'upload bytes');
    writeFileSync(join(dir, 'secret.key'), 'a-secret-file');
    const pg = { DATABASE_URL: 'postgres://kefu@127.0.0.1:1/unused', SECRET_KEY: 's'.repeat(40) };
    const lines: string[] = [];
    const out = join(dir, 'pg.tar.gz');
    const r = await createBackup(cfg(dir, pg), { out, print: (l) => lines.push(l) });
    expect(lines.join('\n')).toMatch(/database is NOT in this archive; back it up with pg_dump/);
    expect(lines.join('\n')).toMatch(
      /SECRET_KEY comes from the environment: it is not in the archive/,
    );
    expect(r.manifest).toMatchObject({
      database: { kind: 'postgres', included: false },
      secret: 'env',
    });
    expect(r.manifest.files.map((f) => f.path).sort()).toEqual([
      'secret.key',
      'uploads/acct/file1',
    ]);
    // A PostgreSQL-mode archive restores secret.key and uploads; it does not fit a SQLite configuration, nor the reverse.
    await expect(
      restoreBackup(cfg(tmp('pg-into-sqlite')), { from: out, ...quiet }),
    ).rejects.toMatchObject({ code: 'backup_database_mismatch' });
    await expect(
      restoreBackup(cfg(tmp('sqlite-into-pg'), pg), { from: archive, ...quiet }),
    ).rejects.toMatchObject({ code: 'backup_database_mismatch' });
    const target = tmp('pg-target');
    await restoreBackup(cfg(target, pg), { from: out, ...quiet });
    expect(readFileSync(join(target, 'uploads', 'acct', 'file1'), 'utf8')).toBe('upload bytes');
    expect(readFileSync(join(target, 'secret.key'), 'utf8')).toBe('a-secret-file');
  });
});

describe('kefu restore', () => {
  it('restores into a fresh DATA_DIR: a visitor token issued before the backup still works and its attachment downloads', async () => {
    const dst = join(tmp('dst'), 'data'); // does not exist yet
    await restoreBackup(cfg(dst), { from: archive, ...quiet });
    expect(readFileSync(join(dst, 'secret.key'), 'utf8')).toBe(
      readFileSync(join(src, 'secret.key'), 'utf8'),
    );
    const restored = await testApp(sqliteEnv(dst));
    try {
      const msgs = await restored.api('GET', '/widget/v1/messages', { token: visitor.token });
      expect(msgs.status).toBe(200);
      expect(msgs.body.data).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            content: 'see attached',
            attachments: [expect.objectContaining({ id: attachment.id })],
          }),
        ]),
      );
      const link = await restored.api('POST', '/widget/v1/attachments/links', {
        token: visitor.token,
        body: { ids: [attachment.id] },
      });
      const file = await fetch(`${restored.url}${link.body.links[0].url}`);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(attachment.bytes)).toBe(true);
      // Uploads are taken after the database snapshot: every attachment row finds its file.
      const rows = await restored.services.database.db
        .selectFrom('attachments')
        .select('storage_key')
        .execute();
      expect(rows.length).toBeGreaterThanOrEqual(uploadsBeforeBackup);
      expect(rows.filter((r) => !existsSync(join(dst, 'uploads', r.storage_key)))).toEqual([]);
    } finally {
      await restored.stop();
    }
  });

  it('refuses a damaged archive with a stable code and leaves the target untouched', async () => {
    const target = tmp('target');
    await restoreBackup(cfg(target), { from: archive, ...quiet });
    writeFileSync(join(target, 'secret.key'), 'the-state-already-here');
    const before = snapshot(target);
    const gz = readFileSync(archive);
    const entries = untar(gunzipSync(gz));
    const uploadAt = entries.findIndex((e) => e.name.startsWith('uploads/'));
    const dbAt = entries.findIndex((e) => e.name === 'database/kefu.db');
    const write = (name: string, data: Buffer) => {
      const p = join(tmp('bad'), name);
      writeFileSync(p, data);
      return p;
    };
    const withEntries = (f: (es: typeof entries) => typeof entries) =>
      gzipSync(tar(f(entries.map((e) => ({ ...e, data: Buffer.from(e.data) })))));
    const flipped = Buffer.from(gz);
    flipped[Math.floor(gz.length / 2)] ^= 0xff;
    const tampered = withEntries((es) => {
      es[uploadAt].data[0] ^= 1;
      return es;
    });
    const missing = withEntries((es) => es.filter((_, i) => i !== uploadAt));
    const newer = withEntries((es) => {
      es[0].data = Buffer.from(es[0].data.toString().replace('"version":1', '"version":2'));
      return es;
    });
    const foreign = gzipSync(tar([{ name: 'hello.txt', data: Buffer.from('hi') }]));
    // A database that fails PRAGMA integrity_check, its checksum updated in the manifest.
    const badDb = withEntries((es) => {
      const db = es[dbAt].data;
      const pageSize = db.readUInt16BE(16);
      db.fill(0x5a, pageSize * 3 + 8, pageSize * 4); // garble one b-tree page, keep its header byte
      const m = JSON.parse(es.at(-1)!.data.toString()) as BackupManifest;
      m.files = m.files.map((f) => (f.path === 'database/kefu.db' ? { ...f, sha256: sha(db) } : f));
      es[es.length - 1].data = Buffer.from(JSON.stringify(m));
      return es;
    });
    const cases: Array<[string, Buffer, string[]]> = [
      ['truncated', gz.subarray(0, Math.floor(gz.length * 0.6)), ['backup_truncated']],
      ['cut before the manifest', gzipSync(tar(entries.slice(0, -1))), ['backup_truncated']],
      ['one byte flipped', flipped, ['backup_corrupt', 'backup_truncated']],
      ['upload changed', tampered, ['backup_corrupt']],
      ['upload missing', missing, ['backup_missing_file']],
      ['format version 2', newer, ['backup_unsupported_version']],
      ['not a kefu backup', foreign, ['backup_unrecognized']],
      ['database fails integrity_check', badDb, ['backup_integrity_failed']],
    ];
    for (const [label, data, codes] of cases) {
      const err = await restoreBackup(cfg(target), {
        from: write(`${label.replace(/\W+/g, '-')}.tar.gz`, data),
        force: true,
        ...quiet,
      }).then(
        () => null,
        (e) => e,
      );
      expect({ label, code: err?.code }).toEqual({ label, code: expect.toBeOneOf(codes) });
      expect(snapshot(target)).toEqual(before);
    }
    await expect(
      restoreBackup(cfg(target), { from: join(target, 'no-such.tar.gz'), force: true, ...quiet }),
    ).rejects.toMatchObject({ code: 'backup_not_found' });
  });

  it('refuses a DATA_DIR that holds state unless --force, which keeps the previous state in DATA_DIR/.pre-restore-<time>', async () => {
    const target = tmp('force');
    mkdirSync(join(target, 'uploads', 'old'), { recursive: true });
    writeFileSync(join(target, 'uploads', 'old', 'marker'), 'old upload');
    writeFileSync(join(target, 'secret.key'), 'old-secret');
    writeFileSync(join(target, 'kefu.db'), 'old database bytes');
    mkdirSync(join(target, 'backups'));
    const before = snapshot(target);
    await expect(restoreBackup(cfg(target), { from: archive, ...quiet })).rejects.toMatchObject({
      code: 'restore_target_not_empty',
    });
    expect(snapshot(target)).toEqual(before);

    const lines: string[] = [];
    const r = await restoreBackup(cfg(target), {
      from: archive,
      force: true,
      print: (l) => lines.push(l),
    });
    expect(r.previousStateDir).toMatch(/\/\.pre-restore-[^/]+$/);
    expect(lines.join('\n')).toContain(`The previous state is kept in ${r.previousStateDir}`);
    const aside = snapshot(r.previousStateDir!);
    expect(aside).toEqual({
      'kefu.db': before['kefu.db'],
      'secret.key': before['secret.key'],
      'uploads/': 'dir',
      'uploads/old/': 'dir',
      'uploads/old/marker': before['uploads/old/marker'],
    });
    expect(readFileSync(join(target, 'secret.key'), 'utf8')).toBe(
      readFileSync(join(src, 'secret.key'), 'utf8'),
    );
    expect(existsSync(join(target, 'uploads', 'old'))).toBe(false);
    expect(existsSync(join(target, 'uploads', acct.accountId, attachment.id))).toBe(true);
    expect(existsSync(join(target, 'backups'))).toBe(true); // not state: left in place
    expect(
      readdirSync(target).filter((n) => n.startsWith('.restore') || n.includes('.restore-')),
    ).toEqual([]);
  });

  it('refuses while a server runs on that DATA_DIR, even with --force', async () => {
    const secret = readFileSync(join(src, 'secret.key'), 'utf8');
    await expect(
      restoreBackup(cfg(src), { from: archive, force: true, ...quiet }),
    ).rejects.toMatchObject({ code: 'restore_server_running' });
    expect(readdirSync(src).filter((n) => n.includes('restore'))).toEqual([]);
    expect(readFileSync(join(src, 'secret.key'), 'utf8')).toBe(secret);
    expect((await app.api('GET', '/widget/v1/messages', { token: visitor.token })).status).toBe(
      200,
    );
  });

  it('works from the command line: `kefu backup` in another process while the server runs, `kefu restore`, and a refusal with its code', async () => {
    const kefu = (args: string[], dataDir: string) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/index.ts', ...args], {
          cwd: REPO_ROOT,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? '',
            NODE_ENV: 'test',
            LOG_LEVEL: 'silent',
            DATA_DIR: dataDir,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (c) => {
          out += c;
        });
        child.stderr.on('data', (c) => {
          err += c;
        });
        child.once('exit', (code) => resolve({ code, out, err }));
      });
    const file = join(tmp('cli'), 'cli.tar.gz');
    const b = await kefu(['backup', '--out', file], src);
    expect(b, b.err).toMatchObject({
      code: 0,
      out: expect.stringContaining(`Backup written to ${file}`),
    });
    const dst = tmp('cli-dst');
    const r = await kefu(['restore', '--from', file], dst);
    expect(r, r.err).toMatchObject({ code: 0, out: expect.stringContaining('Restored') });
    expect(readFileSync(join(dst, 'secret.key'), 'utf8')).toBe(
      readFileSync(join(src, 'secret.key'), 'utf8'),
    );
    const again = await kefu(['restore', '--from', file], dst);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^Error: \[restore_target_not_empty\] /);
  }, 300_000); // three `kefu` processes, each compiling the CLI with tsx: ~15 s idle, over 60 s on a loaded 2-core machine
});
