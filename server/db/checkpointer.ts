/**
 * WAL checkpoints off the event loop. By default SQLite checkpoints inside the COMMIT that pushes
 * the WAL past 1,000 pages, which copies pages into the database file and fsyncs it on the
 * committing thread: a latency spike for whoever waits on that commit. The main connection turns
 * automatic checkpoints off; this worker thread, with its own connection, runs PASSIVE checkpoints
 * (never blocking readers or the writer) every `intervalMs`, and a TRUNCATE on close.
 *
 * PASSIVE alone is not enough under sustained writes: SQLite starts the WAL over only when a writer
 * finds every frame already copied, which never happens while commits keep arriving, so the WAL grew
 * without bound (575 MB in a 25-second benchmark) and every page read searched a longer WAL index.
 * Once the WAL passes `restartFrames` pages and a PASSIVE pass left at most `catchUpFrames` to copy,
 * a RESTART checkpoint copies the rest while holding off the writer (the main connection waits in
 * its busy handler: transactions BEGIN IMMEDIATE, see client.ts), and the next commit reuses the file
 * from its start.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

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
    // Under steady writes a PASSIVE checkpoint never finds the WAL fully copied at the moment the
    // writer starts its next transaction, so the WAL is never reset and grows without bound (and every
    // page read searches a longer WAL index). Once the WAL is large and nearly copied, a RESTART
    // checkpoint copies the rest (briefly holding off the writer) so the next commit starts the WAL anew.
    if (r && r.log >= workerData.restartFrames && r.log - r.checkpointed <= workerData.catchUpFrames) {
      db.pragma('busy_timeout = 20');
      try { db.pragma('wal_checkpoint(RESTART)'); } finally { db.pragma('busy_timeout = 2000'); }
      parentPort.postMessage({ type: 'restart' });
    } else if (r && r.log - r.checkpointed > workerData.catchUpFrames) setImmediate(tick); // falling behind: go again at once
    parentPort.postMessage({ type: 'checkpoint' });
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
  readonly stats: { checkpoints: number; restarts: number; errors: number };
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

export function startCheckpointer(file: string, { intervalMs = 250, restartFrames = 16_384, catchUpFrames = 256 }: CheckpointOptions = {}): Checkpointer {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], stdout: false, stderr: false, workerData: { file, intervalMs, driverPath, restartFrames, catchUpFrames } });
  const stats = { checkpoints: 0, restarts: 0, errors: 0 };
  let closed: Promise<void> | null = null;
  worker.on('message', (m: { type: string }) => {
    if (m.type === 'checkpoint') stats.checkpoints++;
    else if (m.type === 'restart') stats.restarts++;
    else if (m.type === 'error') stats.errors++;
  });
  worker.on('error', () => { stats.errors++; });
  worker.unref(); // after the listeners: adding a 'message' listener refs the worker again
  return {
    stats,
    close: () => (closed ??= new Promise<void>((resolve) => {
      const done = () => { void worker.terminate().finally(resolve); };
      const t = setTimeout(done, 3000);
      worker.on('message', (m: { type: string }) => { if (m.type === 'closed') { clearTimeout(t); done(); } });
      worker.on('exit', () => { clearTimeout(t); resolve(); });
      worker.postMessage('close');
    })),
  };
}
