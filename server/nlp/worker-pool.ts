import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MessageAnalysis } from './analyze.ts';

export interface AnalyzerPoolOptions {
  size?: number;
  /** Per-call timeout; a timed-out worker is replaced. */
  timeoutMs?: number;
  modelsDir?: string;
}

export interface AnalyzerPool {
  analyze(text: string): Promise<MessageAnalysis>;
  close(): Promise<void>;
}

interface Pending {
  resolve(r: MessageAnalysis): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}
interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  ready: boolean;
}

const WORKER_URL = new URL('./analyzer-worker.ts', import.meta.url);
const TSX_API = pathToFileURL(
  join(
    dirname(createRequire(import.meta.url).resolve('tsx/package.json')),
    'dist/esm/api/index.mjs',
  ),
).href;
// scripts/build-server.ts points WORKER_URL at the built worker (.js): it then runs without tsx.
const BUILT = WORKER_URL.pathname.endsWith('.js');

function spawn(opts: AnalyzerPoolOptions, onExit: (slot: Slot) => void): Slot {
  // Node 20 does not apply `--import tsx` hooks to a worker's .ts entry, so an eval'd bootstrap
  // registers tsx in the worker first, then imports the TypeScript entry.
  const boot = BUILT
    ? `import(${JSON.stringify(WORKER_URL.href)}).catch((e) => { console.error(e); process.exit(1); });`
    : `import(${JSON.stringify(TSX_API)}).then((m) => m.register())` +
      `.then(() => import(${JSON.stringify(WORKER_URL.href)})).catch((e) => { console.error(e); process.exit(1); });`;
  const worker = new Worker(boot, {
    eval: true,
    execArgv: BUILT ? [] : ['--import', 'tsx'],
    workerData: { modelsDir: opts.modelsDir },
  });
  const slot: Slot = { worker, pending: new Map(), ready: false };
  worker.on(
    'message',
    (msg: { id?: number; ready?: boolean; result?: MessageAnalysis; error?: string }) => {
      if (msg.ready) slot.ready = true;
      if (msg.id === undefined) return;
      const p = slot.pending.get(msg.id);
      if (!p) return;
      slot.pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.error !== undefined) p.reject(new Error(msg.error));
      else p.resolve(msg.result!);
    },
  );
  const fail = (err: Error) => {
    for (const p of slot.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    slot.pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', () => {
    fail(new Error('analyzer worker exited'));
    onExit(slot);
  });
  worker.unref();
  return slot;
}

/** A small worker_threads pool running analyzeMessage off the main thread, least-busy dispatch. */
export function createAnalyzerPool(opts: AnalyzerPoolOptions = {}): AnalyzerPool {
  const size = Math.max(1, opts.size ?? 1);
  const timeoutMs = opts.timeoutMs ?? 2000;
  let closed = false;
  let nextId = 1;
  const slots: Slot[] = [];
  const onExit = (slot: Slot) => {
    const i = slots.indexOf(slot);
    // A worker that died before loading its models would die again: keep it dead (calls then fail fast).
    if (i >= 0 && !closed && slot.ready) slots[i] = spawn(opts, onExit);
  };
  for (let i = 0; i < size; i++) slots.push(spawn(opts, onExit));

  const analyze = (text: string): Promise<MessageAnalysis> => {
    if (closed) return Promise.reject(new Error('analyzer pool closed'));
    const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = nextId++;
    return new Promise<MessageAnalysis>((resolve, reject) => {
      const timer = setTimeout(() => {
        slot.pending.delete(id);
        reject(new Error(`analyze timed out after ${timeoutMs} ms`));
        void slot.worker.terminate();
      }, timeoutMs);
      slot.pending.set(id, { resolve, reject, timer });
      slot.worker.postMessage({ id, text });
    });
  };

  const close = async () => {
    closed = true;
    await Promise.all(slots.map((s) => s.worker.terminate()));
  };
  return { analyze, close };
}
