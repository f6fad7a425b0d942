/**
 * Child processes for benchmarks: the real Kefu server (`kefu start`) and a bare `ws` server, a
 * registry that kills every child at the end (also on failure), free ports and RSS via /proc.
 */
import { spawn, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { log, waitFor } from './stats.ts';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const children = new Set<ChildProcess>();
const tmpDirs = new Set<string>();

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Kills every child this module started (by pid) and waits for them to exit; removes temp dirs. */
export async function cleanup(): Promise<void> {
  const waits = [...children].map(
    (c) =>
      new Promise<void>((resolve) => {
        if (c.exitCode !== null || c.signalCode !== null) return resolve();
        const t = setTimeout(() => {
          try {
            c.kill('SIGKILL');
          } catch {
            /* gone */
          }
          resolve();
        }, 3000);
        c.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        try {
          c.kill('SIGTERM');
        } catch {
          resolve();
        }
      }),
  );
  await Promise.all(waits);
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
  tmpDirs.clear();
}
process.once('exit', () => {
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
});

export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), `kefu-bench-${prefix}-`));
  tmpDirs.add(d);
  return d;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}

export interface KefuServer {
  url: string;
  pid: number;
  /** The child's DATA_DIR (SQLite: `<dataDir>/kefu.db`). */
  dataDir: string;
  inboxToken: string;
  child: ChildProcess;
  /** Full garbage collection in the server's main isolate (only when started with `{ inspect: true }`). */
  gc(): Promise<void>;
  stop(): Promise<void>;
}

export const BENCH_SECRET = 'bench-secret-key-0123456789abcdefghijklmnop';

/** Starts `node --import tsx server/cli/index.ts start` with a fresh DATA_DIR and the demo seed. */
export async function startKefu(
  extraEnv: Record<string, string> = {},
  timeoutMs = 60_000,
  opts: { inspect?: boolean } = {},
): Promise<KefuServer> {
  const port = await freePort();
  const dataDir = tempDir('server');
  const nodeArgs = process.env.BENCH_NODE_ARGS
    ? process.env.BENCH_NODE_ARGS.split(' ').filter(Boolean)
    : []; // e.g. --cpu-prof
  if (opts.inspect) nodeArgs.push('--inspect=127.0.0.1:0'); // memory lines: a full GC before each RSS reading
  const child = track(
    spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/cli/index.ts', 'start'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        REDIS_URL: '',
        SEED_DEMO: 'true',
        BUILD_WEB: 'false',
        LOG_LEVEL: 'warn',
        SECRET_KEY: BENCH_SECRET,
        RATE_LIMIT_MESSAGES_PER_MIN: '100000000',
        RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '100000000',
        RATE_LIMIT_LOGIN_PER_MIN: '10000',
        ...extraEnv,
      },
    }),
  );
  let out = '';
  let token: string | null = null;
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    const m = /Widget token:\s+(\S+)/.exec(out);
    if (m) token = m[1];
  });
  let inspector: string | null = null;
  child.stderr!.on('data', (d: Buffer) => {
    const m = /Debugger listening on (ws:\/\/\S+)/.exec(d.toString());
    if (m) inspector = m[1];
    else process.stderr.write(`[kefu ${child.pid}] ${d}`);
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  await waitFor(() => token !== null || exited, timeoutMs, 'kefu server start', 20);
  if (!token) throw new Error(`kefu server exited before it was ready:\n${out}`);
  const url = `http://127.0.0.1:${port}`;
  log(`kefu server pid ${child.pid} on ${url}`);
  return {
    url,
    pid: child.pid!,
    dataDir,
    inboxToken: token,
    child,
    gc: () => collectGarbage(inspector),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const t = setTimeout(
          () => {
            child.kill('SIGKILL');
          },
          nodeArgs.length ? 60_000 : 5000,
        ); // a --cpu-prof child needs time to write its profile
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** HeapProfiler.collectGarbage over the inspector protocol (the server needs no debug endpoint of its own). */
function collectGarbage(url: string | null): Promise<void> {
  if (!url) return Promise.reject(new Error('server not started with { inspect: true }'));
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('inspector gc timed out'));
    }, 10_000);
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })));
    ws.on('message', (d) => {
      if (JSON.parse(String(d)).id === 1) {
        clearTimeout(timer);
        ws.close();
        resolve();
      }
    });
    ws.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

export interface WsChild {
  port: number;
  pid: number;
  child: ChildProcess;
  request<T = unknown>(msg: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

/** Starts the bare `ws` server (bench/lib/ws-server-child.ts) in a child process with an IPC channel. */
export async function startWsServer(): Promise<WsChild> {
  const port = await freePort();
  const child = track(
    fork(join(repoRoot, 'bench/lib/ws-server-child.ts'), [String(port)], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    }),
  );
  child.stdout!.on('data', (d: Buffer) => process.stderr.write(`[ws ${child.pid}] ${d}`));
  let seq = 0;
  const waiting = new Map<number, (v: unknown) => void>();
  let ready = false;
  child.on('message', (m: { id?: number; ready?: boolean; result?: unknown }) => {
    if (m.ready) ready = true;
    if (m.id != null) {
      waiting.get(m.id)?.(m.result);
      waiting.delete(m.id);
    }
  });
  await waitFor(() => ready, 30_000, 'ws server start', 10);
  return {
    port,
    pid: child.pid!,
    child,
    request: <T>(msg: Record<string, unknown>) =>
      new Promise<T>((resolve) => {
        const id = ++seq;
        waiting.set(id, resolve as (v: unknown) => void);
        child.send({ ...msg, id });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const t = setTimeout(() => {
          child.kill('SIGKILL');
        }, 3000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
