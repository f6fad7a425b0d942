/**
 * The container of `kefu backup`: a gzip-compressed POSIX tar (ustar; sizes over 8 GiB in the GNU
 * base-256 form), written and read as streams with node built-ins only, so `tar -tzf` can list an
 * archive and a database of any size never sits in memory. Only regular files are written or accepted.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

/** Stable error codes: the CLI prints `[code] message`; tests and scripts match on the code. */
export type BackupErrorCode =
  | 'backup_not_found'
  | 'backup_exists'
  | 'backup_corrupt'
  | 'backup_truncated'
  | 'backup_unrecognized'
  | 'backup_unsupported_version'
  | 'backup_missing_file'
  | 'backup_integrity_failed'
  | 'backup_database_mismatch'
  | 'backup_no_database'
  | 'restore_target_not_empty'
  | 'restore_server_running';

export class BackupError extends Error {
  constructor(
    public readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

const BLOCK = 512;
const OCTAL_SIZE_MAX = 0o77777777777; // 11 octal digits: 8 GiB - 1

export interface FileDigest {
  path: string;
  size: number;
  sha256: string;
}

/** One ustar header block. Names over 100 bytes are split at a '/' into prefix (≤155) and name (≤100). */
export function tarHeader(
  name: string,
  size: number,
  mode = 0o644,
  mtime = Math.floor(Date.now() / 1000),
): Buffer {
  if (!/^[\x21-\x7e]+$/.test(name))
    throw new Error(`tar: unsupported file name ${JSON.stringify(name)}`);
  let prefix = '';
  let base = name;
  if (name.length > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || name.length - cut - 1 > 100)
      throw new Error(`tar: file name too long: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  const h = Buffer.alloc(BLOCK);
  h.write(base, 0, 100, 'ascii');
  writeOctal(h, 100, 8, mode);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  if (size <= OCTAL_SIZE_MAX) writeOctal(h, 124, 12, size);
  else {
    h[124] = 0x80;
    let v = BigInt(size);
    for (let i = 135; i > 124; i--) {
      h[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  writeOctal(h, 136, 12, mtime);
  h.write('0', 156, 'ascii');
  h.write('ustar\u000000', 257, 'ascii');
  h.write(prefix, 345, 155, 'ascii');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'ascii');
  return h;
}

function writeOctal(h: Buffer, offset: number, length: number, value: number): void {
  h.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'ascii');
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

/** Writes `<file>` as tar.gz. Call finish() (flushes and fsyncs) or abort() (removes the file). */
export class TarGzWriter {
  private readonly gz = createGzip({ level: 6 });
  private readonly done: Promise<void>;

  constructor(private readonly file: string) {
    this.done = pipeline(this.gz, createWriteStream(file, { flags: 'wx' }));
    this.done.catch(() => {});
  }

  private async write(buf: Buffer): Promise<void> {
    if (!this.gz.write(buf))
      await Promise.race([
        once(this.gz, 'drain'),
        this.done.then(() => {
          throw new Error('archive stream closed');
        }),
      ]);
  }

  async addBuffer(name: string, data: Buffer, mode = 0o644): Promise<FileDigest> {
    await this.write(tarHeader(name, data.length, mode));
    await this.write(data);
    await this.write(Buffer.alloc(padding(data.length)));
    return {
      path: name,
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    };
  }

  /** Streams a file that must not change while it is read (e.g. our own database snapshot). */
  async addFile(name: string, path: string, size: number, mode = 0o644): Promise<FileDigest> {
    await this.write(tarHeader(name, size, mode));
    const hash = createHash('sha256');
    let n = 0;
    for await (const chunk of createReadStream(path, {
      highWaterMark: 1 << 20,
    }) as AsyncIterable<Buffer>) {
      n += chunk.length;
      if (n > size) throw new Error(`${path} grew while it was archived`);
      hash.update(chunk);
      await this.write(chunk);
    }
    if (n !== size) throw new Error(`${path} shrank while it was archived`);
    await this.write(Buffer.alloc(padding(size)));
    return { path: name, size, sha256: hash.digest('hex') };
  }

  async finish(): Promise<void> {
    await this.write(Buffer.alloc(2 * BLOCK));
    this.gz.end();
    await this.done;
    const fh = await open(this.file, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  async abort(): Promise<void> {
    this.gz.destroy();
    await this.done.catch(() => {});
    await rm(this.file, { force: true });
  }
}

export interface TarEntry {
  name: string;
  size: number;
  mode: number;
}

function gzipError(err: unknown): BackupError {
  if (err instanceof BackupError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e?.message ?? '')) {
    return new BackupError(
      'backup_truncated',
      'the archive is truncated (the compressed stream ends early)',
    );
  }
  if (typeof e?.code === 'string' && e.code.startsWith('Z_'))
    return new BackupError(
      'backup_corrupt',
      `the archive is damaged or not gzip-compressed (${e.message})`,
    );
  return e as BackupError;
}

/** Pulls exact byte counts out of the decompressed stream. */
class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  private ended = false;
  private readonly it: AsyncIterator<Buffer>;
  constructor(src: AsyncIterable<Buffer>) {
    this.it = src[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    let r: IteratorResult<Buffer>;
    try {
      r = await this.it.next();
    } catch (err) {
      throw gzipError(err);
    }
    if (r.done) {
      this.ended = true;
      return false;
    }
    this.buf = this.buf.length ? Buffer.concat([this.buf, r.value]) : r.value;
    return true;
  }

  /** Exactly n bytes, or null at a clean end of stream; a partial read is a truncated archive. */
  async exactly(n: number): Promise<Buffer | null> {
    while (this.buf.length < n) {
      if (!(await this.fill())) {
        if (this.buf.length === 0) return null;
        throw new BackupError(
          'backup_truncated',
          'the archive is truncated (a tar block is incomplete)',
        );
      }
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** Yields chunks totalling exactly n bytes. */
  async *take(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.buf.length === 0 && !(await this.fill()))
        throw new BackupError(
          'backup_truncated',
          'the archive is truncated (a file in it is incomplete)',
        );
      const chunk = this.buf.subarray(0, Math.min(left, this.buf.length));
      this.buf = this.buf.subarray(chunk.length);
      left -= chunk.length;
      yield chunk;
    }
  }

  async close(): Promise<void> {
    await this.it.return?.();
  }
}

function parseOctal(h: Buffer, offset: number, length: number): number {
  if (length === 12 && h[offset] & 0x80) {
    let v = 0n;
    for (let i = offset + 1; i < offset + length; i++) v = (v << 8n) | BigInt(h[i]);
    return Number(v);
  }
  const s = h
    .subarray(offset, offset + length)
    .toString('ascii')
    .replace(/[\0 ]+$/g, '')
    .trim();
  if (!/^[0-7]*$/.test(s))
    throw new BackupError('backup_corrupt', 'the archive is damaged (bad tar header field)');
  return s ? parseInt(s, 8) : 0;
}

function parseHeader(h: Buffer): TarEntry | null {
  if (h.every((b) => b === 0)) return null;
  const stored = parseOctal(h, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
  if (sum !== stored || h.subarray(257, 262).toString('ascii') !== 'ustar')
    throw new BackupError('backup_corrupt', 'the archive is damaged (bad tar header)');
  const type = String.fromCharCode(h[156]);
  const str = (o: number, l: number) => {
    const b = h.subarray(o, o + l);
    const z = b.indexOf(0);
    return b.subarray(0, z < 0 ? l : z).toString('ascii');
  };
  const name = [str(345, 155), str(0, 100)].filter(Boolean).join('/');
  if (type !== '0' && type !== '\0')
    throw new BackupError(
      'backup_corrupt',
      `the archive holds an entry that is not a regular file: ${name}`,
    );
  return { name, size: parseOctal(h, 124, 12), mode: parseOctal(h, 100, 8) };
}

/**
 * Reads a tar.gz archive entry by entry. `onEntry` must consume `body` (or not: the rest is skipped).
 * Throws BackupError `backup_truncated` / `backup_corrupt` for damaged input.
 */
export async function readTarGz(
  file: string,
  onEntry: (entry: TarEntry, body: AsyncIterable<Buffer>) => Promise<void>,
): Promise<void> {
  // `body` is a generator: read it to the end or not at all (leaving a `for await` early would close it).
  const gunzip = createGunzip();
  const source = createReadStream(file);
  source.on('error', (err) => gunzip.destroy(err));
  const reader = new ByteReader(source.pipe(gunzip));
  try {
    for (;;) {
      const block = await reader.exactly(BLOCK);
      if (!block)
        throw new BackupError(
          'backup_truncated',
          'the archive is truncated (no end-of-archive marker)',
        );
      const entry = parseHeader(block);
      if (!entry) {
        // End-of-archive marker. Read on to the end, so the gzip trailer (CRC, length) is checked too.
        for (;;) {
          const rest = await reader.exactly(BLOCK);
          if (!rest) return;
          if (!rest.every((b) => b === 0))
            throw new BackupError(
              'backup_corrupt',
              'the archive is damaged (data after the end-of-archive marker)',
            );
        }
      }
      const body = reader.take(entry.size);
      await onEntry(entry, body);
      for await (const _ of body) {
        /* skip what the consumer left */
      }
      const pad = padding(entry.size);
      if (pad && !(await reader.exactly(pad)))
        throw new BackupError(
          'backup_truncated',
          'the archive is truncated (a file in it is incomplete)',
        );
    }
  } finally {
    await reader.close().catch(() => {});
    source.destroy();
    gunzip.destroy();
  }
}
