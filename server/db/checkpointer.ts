/**
 * WAL checkpoints off the event loop. By default SQLite checkpoints inside the COMMIT that pushes
 * the WAL past 1,000 pages, which copies pages into the database file and fsyncs it on the
 * committing thread: a latency spike for whoever waits on that commit. The main connection turns
 * automatic checkpoints off; this worker thread, with its own connection, runs PASSIVE checkpoints
 * (never blocking readers or the writer) every `intervalMs`, and a TRUNCATE on close.
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
  try { db.pragma('wal_checkpoint(PASSIVE)'); parentPort.postMessage({ type: 'checkpoint' }); }
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
  readonly stats: { checkpoints: number; errors: number };
  close(): Promise<void>;
}

export function startCheckpointer(file: string, intervalMs = 250): Checkpointer {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], stdout: false, stderr: false, workerData: { file, intervalMs, driverPath } });
  const stats = { checkpoints: 0, errors: 0 };
  let closed: Promise<void> | null = null;
  worker.on('message', (m: { type: string }) => {
    if (m.type === 'checkpoint') stats.checkpoints++;
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
