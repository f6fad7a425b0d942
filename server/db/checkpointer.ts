/**
 * WAL checkpoints off the event loop. By default SQLite checkpoints inside the COMMIT that pushes
 * the WAL past 1,000 pages, which copies pages into the database file and fsyncs it on the
 * committing thread: a latency spike for whoever waits on that commit. The main connection turns
 * automatic checkpoints off; this worker thread, with its own connection, runs PASSIVE checkpoints
 * (never blocking readers or the writer) every `intervalMs`, and a TRUNCATE on close.
 *
 * PASSIVE alone is not enough under sustained writes: SQLite starts the WAL over only when a write
 * transaction begins with every frame already copied, which never happens while commits keep arriving
 * during each pass, so the WAL grew without bound (575 MB in a 25-second benchmark) and every page read
 * searched a longer WAL index. So once the WAL passes `restartFrames` pages and a pass left at most
 * `catchUpFrames` to copy, the checkpointer asks for a reset; the main connection then copies the rest
 * itself between two group-commit batches (`finishReset`: no write can slip in, about a megabyte to
 * copy and two fsyncs, a few ms), and its next transaction starts the WAL from the beginning. (A
 * RESTART checkpoint from this thread did the same but held the writer in its busy handler, whose
 * sleeps of 1, 2, 5, 10 ms turned each reset into a 10–40 ms stall.)
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 2000');
let busy = false;
const tick = () => {
  if (busy) return;
  busy = true;
  try {
    const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    const behind = r ? r.log - r.checkpointed : 0;
    parentPort.postMessage({ type: 'checkpoint', reset: !!r && r.log >= workerData.restartFrames && behind <= workerData.catchUpFrames });
    if (behind > workerData.catchUpFrames) setImmediate(tick); // falling behind: go again at once
  }
  catch (err) { parentPort.postMessage({ type: 'error', message: String(err && err.message) }); }
  finally { busy = false; }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'tick') tick();
  if (m === 'close') {
    clearInterval(timer);
    try { db.pragma('wal_checkpoint(TRUNCATE)'); } catch {}
    db.close();
    parentPort.postMessage({ type: 'closed' });
  }
});
`;

export interface Checkpointer {
  readonly stats: { checkpoints: number; resets: number; errors: number };
  /**
   * Call on the main (writing) connection between transactions: when a reset is due, copies the last
   * frames so the next transaction starts the WAL anew. Cheap no-op otherwise.
   */
  finishReset(main: SQLite.Database): void;
  close(): Promise<void>;
}

export interface CheckpointOptions {
  /** How often a PASSIVE checkpoint runs (ms). */
  intervalMs?: number;
  /** WAL size (pages) from which the WAL is reset once nearly copied: 16,384 pages = 64 MB at 4 KB. */
  restartFrames?: number;
  /** At most this many pages left to copy for a RESTART (the writer waits while they are copied). */
  catchUpFrames?: number;
}

export function startCheckpointer(file: string, { intervalMs = 250, restartFrames = Number(process.env.EXP_RF ?? 16_384), catchUpFrames = 256 }: CheckpointOptions = {}): Checkpointer {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], stdout: false, stderr: false, workerData: { file, intervalMs, driverPath, restartFrames, catchUpFrames } });
  const stats = { checkpoints: 0, resets: 0, errors: 0 };
  let resetDue = false;
  let closed: Promise<void> | null = null;
  worker.on('message', (m: { type: string; reset?: boolean }) => {
    if (m.type === 'checkpoint') { stats.checkpoints++; if (m.reset) resetDue = true; }
    else if (m.type === 'error') stats.errors++;
  });
  worker.on('error', () => { stats.errors++; });
  worker.unref(); // after the listeners: adding a 'message' listener refs the worker again
  return {
    stats,
    finishReset(main) {
      if (!resetDue || main.inTransaction) return;
      resetDue = false;
      try {
        // PASSIVE never waits: if this thread is mid-pass it reports busy and the next reset request retries.
        const r = main.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
        if (r[0] && !r[0].busy && r[0].log === r[0].checkpointed) stats.resets++;
      } catch { stats.errors++; }
    },
    close: () => (closed ??= new Promise<void>((resolve) => {
      const done = () => { void worker.terminate().finally(resolve); };
      const t = setTimeout(done, 3000);
      worker.on('message', (m: { type: string }) => { if (m.type === 'closed') { clearTimeout(t); done(); } });
      worker.on('exit', () => { clearTimeout(t); resolve(); });
      worker.postMessage('close');
    })),
  };
}
