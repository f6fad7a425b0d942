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
 * `catchUpFrames` to copy, the checkpointer asks for a reset: the group commit holds new write
 * transactions (`pauseForReset`; the event loop stays free, commands queue and go in the next batch),
 * this thread copies the rest, and the next transaction starts the WAL from the beginning. Tried and
 * dropped: a RESTART checkpoint from this thread (the writer waited in SQLite's busy handler, whose
 * sleeps of 1, 2, 5, 10 ms made each reset a 10–40 ms stall) and the same copy on the main connection
 * (7–68 ms of blocked event loop per reset: the copy and its two fsyncs).
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
  if (m === 'reset') {
    // The main connection holds its writes until this answers: the pass copies everything, and the
    // next write transaction there starts the WAL over.
    let complete = false;
    try { const r = db.pragma('wal_checkpoint(PASSIVE)')[0]; complete = !!r && !r.busy && r.log === r.checkpointed; }
    catch (err) { parentPort.postMessage({ type: 'error', message: String(err && err.message) }); }
    parentPort.postMessage({ type: 'reset-done', complete });
  }
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
   * Call between two write transactions of the main connection. When a reset is due, returns a
   * promise: hold new write transactions until it settles (the worker copies the last frames; the
   * event loop stays free meanwhile). Otherwise null, at once.
   */
  pauseForReset(): Promise<void> | null;
  close(): Promise<void>;
}

export interface CheckpointOptions {
  /** How often a PASSIVE checkpoint runs (ms). */
  intervalMs?: number;
  /** WAL size (pages) from which the WAL is reset once nearly copied: 16,384 pages = 64 MB at 4 KB. */
  restartFrames?: number;
  /** At most this many pages left to copy when a reset is asked for (new writes wait while they are copied). */
  catchUpFrames?: number;
}

export function startCheckpointer(
  file: string,
  { intervalMs = 250, restartFrames = 16_384, catchUpFrames = 1024 }: CheckpointOptions = {},
): Checkpointer {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    stdout: false,
    stderr: false,
    workerData: { file, intervalMs, driverPath, restartFrames, catchUpFrames },
  });
  const stats = { checkpoints: 0, resets: 0, errors: 0 };
  let resetDue = false;
  let resetDone: ((complete: boolean) => void) | null = null;
  let closed: Promise<void> | null = null;
  worker.on('message', (m: { type: string; reset?: boolean; complete?: boolean }) => {
    if (m.type === 'checkpoint') {
      stats.checkpoints++;
      if (m.reset) resetDue = true;
    } else if (m.type === 'reset-done') resetDone?.(!!m.complete);
    else if (m.type === 'error') stats.errors++;
  });
  worker.on('error', () => {
    stats.errors++;
  });
  worker.unref(); // after the listeners: adding a 'message' listener refs the worker again
  return {
    stats,
    pauseForReset() {
      if (!resetDue || closed || resetDone) return null;
      resetDue = false;
      return new Promise<void>((resolve) => {
        const finish = (complete: boolean) => {
          clearTimeout(timer);
          resetDone = null;
          if (complete) stats.resets++;
          resolve();
        };
        const timer = setTimeout(() => finish(false), 250); // never hold writes for long, whatever the worker does
        resetDone = finish;
        worker.postMessage('reset');
      });
    },
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        const done = () => {
          void worker.terminate().finally(resolve);
        };
        const t = setTimeout(done, 3000);
        worker.on('message', (m: { type: string }) => {
          if (m.type === 'closed') {
            clearTimeout(t);
            done();
          }
        });
        worker.on('exit', () => {
          clearTimeout(t);
          resolve();
        });
        worker.postMessage('close');
      })),
  };
}
