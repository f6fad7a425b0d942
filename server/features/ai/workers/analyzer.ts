/**
 * The process-wide analyzer: a lazily created worker pool (models load once per worker, never on
 * the event loop), a per-call deadline, and self-healing when the pool breaks. Tests swap the
 * implementation with `setAnalyzerForTests`.
 */
import { createAnalyzerPool, type AnalyzerPool, type MessageAnalysis } from '../../../nlp/index.ts';

export type AnalyzeFn = (text: string) => Promise<MessageAnalysis>;

export class AnalysisTimeout extends Error {
  constructor(ms: number) {
    super(`analysis timed out after ${ms} ms`);
    this.name = 'AnalysisTimeout';
  }
}

export class AnalysisOverload extends Error {
  constructor() {
    super('analysis backlog full');
    this.name = 'AnalysisOverload';
  }
}

/** Messages waiting for or in analysis; beyond this new ones are shed (counted, never queued without bound). */
export const MAX_IN_FLIGHT = 256;
let inFlight = 0;

export interface AnalyzerOptions {
  /** Deadline per message once the pool is warm. */
  timeoutMs?: number;
  /** Deadline for the first call (workers start and load the models). */
  warmupMs?: number;
  size?: number;
}

let override: AnalyzeFn | null = null;
let pool: AnalyzerPool | null = null;
let warm = false;
let consecutiveFailures = 0;

/** Replaces the analyzer (null restores the worker pool). */
export function setAnalyzerForTests(fn: AnalyzeFn | null): void {
  override = fn;
}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new AnalysisTimeout(ms)), ms);
    timer.unref();
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

function currentPool(opts: AnalyzerOptions): AnalyzerPool {
  // The pool's own timeout only kills stuck workers; our deadline decides what the caller sees.
  pool ??= createAnalyzerPool({ size: opts.size ?? 1, timeoutMs: 30_000 });
  return pool;
}

/** Analyzes one message off the main thread; rejects with AnalysisTimeout past the deadline. */
export async function analyzeText(
  text: string,
  opts: AnalyzerOptions = {},
): Promise<MessageAnalysis> {
  if (inFlight >= MAX_IN_FLIGHT) throw new AnalysisOverload();
  inFlight++;
  try {
    return await analyzeOnce(text, opts);
  } finally {
    inFlight--;
  }
}

async function analyzeOnce(text: string, opts: AnalyzerOptions): Promise<MessageAnalysis> {
  if (override) return withDeadline(override(text), opts.timeoutMs ?? 2_000);
  const ms = warm ? (opts.timeoutMs ?? 2_000) : (opts.warmupMs ?? 20_000);
  try {
    const result = await withDeadline(currentPool(opts).analyze(text), ms);
    warm = true;
    consecutiveFailures = 0;
    return result;
  } catch (err) {
    // A pool whose workers died (or hang) is replaced after a few failures in a row.
    if (++consecutiveFailures >= 3 && pool) {
      const old = pool;
      pool = null;
      warm = false;
      consecutiveFailures = 0;
      void old.close().catch(() => {});
    }
    throw err;
  }
}

export async function closeAnalyzer(): Promise<void> {
  const p = pool;
  pool = null;
  warm = false;
  await p?.close();
}

let users = 0;
/** Each running server holds the shared pool; the last one to stop closes it. */
export function retainAnalyzer(): () => Promise<void> {
  users++;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    if (--users === 0) await closeAnalyzer();
  };
}

/** Starts the workers and loads the models now (so the first customer message does not wait). */
export function prewarmAnalyzer(): void {
  if (override || pool) return;
  analyzeText('您好，我的订单 hello').catch(() => {}); // loads jieba too
}
