/**
 * Test helpers for `kefu backup` / `kefu restore` (backup.test.ts): a directory's files with their
 * SHA-256, and a plain tar reader and writer to take an archive apart and build damaged ones.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tarHeader } from '../backup-archive.ts';

export const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Every file under `dir` with its SHA-256 (the state a failed restore must leave as it was). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out[`${r}/`] = 'dir';
        walk(r);
      } else out[r] = sha(readFileSync(join(dir, r)));
    }
  };
  walk('');
  return out;
}

/** tar entries of a (decompressed) archive, and back: to build damaged archives. */
export function untar(tar: Buffer): Array<{ name: string; data: Buffer }> {
  const entries: Array<{ name: string; data: Buffer }> = [];
  for (let off = 0; off + 512 <= tar.length; ) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const str = (o: number, l: number) =>
      h
        .subarray(o, o + l)
        .toString('ascii')
        .replace(/\0.*$/s, '');
    const name = [str(345, 155), str(0, 100)].filter(Boolean).join('/');
    const size = parseInt(str(124, 12).trim(), 8);
    entries.push({ name, data: Buffer.from(tar.subarray(off + 512, off + 512 + size)) });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}
export function tar(entries: Array<{ name: string; data: Buffer }>): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries)
    parts.push(
      tarHeader(e.name, e.data.length),
      e.data,
      Buffer.alloc((512 - (e.data.length % 512)) % 512),
    );
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}
