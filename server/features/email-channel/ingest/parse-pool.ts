/**
 * Mail is parsed off the event loop, in a worker thread with a memory limit and a time limit
 * (docs: QUALITY's threat model — deep nesting, thousands of parts, crafted address lists): a mail
 * that makes the parser run too long or run out of memory fails alone (its worker is replaced; other
 * mails being parsed there fail too and are tried again), the server keeps answering.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParsedMail } from './parse.ts';

const WORKER_URL = new URL('./parse-worker.ts', import.meta.url);
const TSX_API = pathToFileURL(
  join(
    dirname(createRequire(import.meta.url).resolve('tsx/package.json')),
    'dist/esm/api/index.mjs',
  ),
).href;
// scripts/build-server.ts points WORKER_URL at the built worker (.js): it then runs without tsx.
const BUILT = WORKER_URL.pathname.endsWith('.js');

export interface ParserLimits {
  timeoutMs: number;
  maxMemoryMb: number;
}

/** Lines starting with `--` (MIME boundaries, and a few signature or quote lines) a mail may have. */
export const MAX_PART_LINES = 5_000;

/** How many lines of `raw` start with `--` (stops counting past the cap). */
function boundaryLines(raw: Buffer): number {
  let n = raw[0] === 45 && raw[1] === 45 ? 1 : 0;
  for (let i = raw.indexOf('\n--'); i !== -1 && n <= MAX_PART_LINES; i = raw.indexOf('\n--', i + 3))
    n++;
  return n;
}

/** The smallest heap a parser worker gets (see the worker's resourceLimits). */
export const MIN_MEMORY_MB = 16;
export const DEFAULT_LIMITS: ParserLimits = { timeoutMs: 60_000, maxMemoryMb: 512 };

type Reply = { id?: number; mail?: ParsedMail; error?: string; code?: ParseError['code'] };

export class ParseError extends Error {
  constructor(
    public readonly code: 'EMAIL_PARSE_TIMEOUT' | 'EMAIL_PARSE_CRASHED' | 'EMAIL_PARSE_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}

interface Slot {
  worker: Worker;
  pending: Map<number, (r: Reply) => void>;
}

export class MailParserPool {
  private slot: Slot | null = null;
  private nextId = 1;

  constructor(private readonly limits: ParserLimits = DEFAULT_LIMITS) {}

  parse(raw: Buffer): Promise<ParsedMail> {
    // A parse's memory grows with its MIME parts, and on Node 24 a worker that runs out of heap in
    // some allocations aborts the whole process (not ERR_WORKER_OUT_OF_MEMORY): mails with more
    // parts than any real mail has are refused before they reach the parser.
    if (boundaryLines(raw) > MAX_PART_LINES)
      return Promise.reject(
        new ParseError('EMAIL_PARSE_FAILED', 'the mail has too many MIME parts'),
      );
    const slot = this.slot ?? this.spawn();
    const id = this.nextId++;
    return new Promise<ParsedMail>((resolve, reject) => {
      const timer = setTimeout(
        () => this.kill(slot, 'EMAIL_PARSE_TIMEOUT', 'parsing the mail took too long'),
        this.limits.timeoutMs,
      );
      timer.unref();
      slot.pending.set(id, (r) => {
        clearTimeout(timer);
        if (r.mail) resolve(revive(r.mail));
        else reject(new ParseError(r.code ?? 'EMAIL_PARSE_FAILED', r.error ?? 'parsing failed'));
      });
      slot.worker.postMessage({ id, raw: new Uint8Array(raw) });
    });
  }

  async close(): Promise<void> {
    const s = this.slot;
    this.slot = null;
    if (s) await s.worker.terminate();
  }

  private spawn(): Slot {
    const boot = BUILT
      ? `import(${JSON.stringify(WORKER_URL.href)}).catch((e) => { console.error(e); process.exit(1); });`
      : `import(${JSON.stringify(TSX_API)}).then((m) => m.register())` +
        `.then(() => import(${JSON.stringify(WORKER_URL.href)})).catch((e) => { console.error(e); process.exit(1); });`;
    const worker = new Worker(boot, {
      eval: true,
      execArgv: BUILT ? [] : ['--import', 'tsx'],
      // At least 16 MiB: a worker whose heap cannot even start aborts the whole process on Node 24
      // (a fatal out-of-memory, not ERR_WORKER_OUT_OF_MEMORY), as a 2 MiB limit did in CI.
      resourceLimits: { maxOldGenerationSizeMb: Math.max(MIN_MEMORY_MB, this.limits.maxMemoryMb) },
      stderr: true,
    });
    worker.stderr.resume();
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (r: Reply) => {
      if (r.id === undefined) return;
      const done = slot.pending.get(r.id);
      slot.pending.delete(r.id);
      done?.(r);
    });
    const gone = () => this.kill(slot, 'EMAIL_PARSE_CRASHED', CRASHED);
    worker.on('error', gone);
    worker.on('exit', gone);
    worker.unref();
    this.slot = slot;
    return slot;
  }

  /** Ends a worker and fails what it was parsing; the next parse starts a new one. */
  private kill(slot: Slot, code: ParseError['code'], error: string): void {
    if (this.slot === slot) this.slot = null;
    const pending = [...slot.pending.values()];
    slot.pending.clear();
    for (const done of pending) done({ code, error });
    void slot.worker.terminate();
  }
}

const CRASHED = 'the mail parser stopped (out of memory or crashed)';

/** Buffers arrive as Uint8Arrays from the worker. */
function revive(mail: ParsedMail): ParsedMail {
  return {
    ...mail,
    parts: mail.parts.map((p) => ({
      ...p,
      data: Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength),
    })),
  };
}

let shared: MailParserPool | null = null;

/** The process's parser (one worker, started on first use, never keeping the process alive). */
export function mailParser(): MailParserPool {
  shared ??= new MailParserPool();
  return shared;
}
