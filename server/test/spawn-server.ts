/**
 * spawnServer(): runs `kefu start` as a real child process, the way production does (`node bin/kefu.js
 * start` on the prebuilt dist/server, which server/test/build-server.setup.ts builds once per run; a
 * stale build is rebuilt by bin/kefu.js), or on the TypeScript sources through tsx (`runtime: 'tsx'`),
 * so tests can SIGKILL it, restart it on the same DATA_DIR / port, or run several nodes side by side.
 * Output is captured for diagnostics; every spawned child is killed by killAllSpawned() (call it in
 * afterAll) and, as a last resort, when the test process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface SpawnOptions {
  /** Extra environment (merged over a minimal inherited env: PATH, HOME, TMPDIR). */
  env: Record<string, string>;
  /** Fixed port (restart on the same address); a free one is picked when omitted. */
  port?: number;
  readyTimeoutMs?: number;
  /** Label used in diagnostics. */
  name?: string;
  /** 'dist' (default): bin/kefu.js on the built server, never falling back to tsx; 'tsx': the sources. */
  runtime?: 'dist' | 'tsx';
}

export interface SpawnedServer {
  name: string;
  port: number;
  url: string;
  pid: number;
  child: ChildProcess;
  /** "Widget token: ..." printed by `kefu start` when the demo account exists. */
  widgetToken: string | null;
  /** Captured stdout+stderr (tail), for assertion messages. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

const MAX_CAPTURE = 200_000;

export async function spawnServer(opts: SpawnOptions): Promise<SpawnedServer> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of live) {
        try {
          c.kill('SIGKILL');
        } catch {
          /* gone */
        }
      }
    });
  }
  const port = opts.port ?? (await freePort());
  const name = opts.name ?? `kefu:${port}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TMPDIR: process.env.TMPDIR ?? '/tmp',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    BUILD_WEB: 'false',
    ...opts.env,
    PORT: String(port),
  };
  const runtime = opts.runtime ?? 'dist';
  env.KEFU_RUNTIME ??= runtime;
  const args =
    runtime === 'tsx'
      ? ['--import', 'tsx', 'server/cli/index.ts', 'start']
      : ['bin/kefu.js', 'start'];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  let widgetToken: string | null = null;
  const capture = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (out.length > MAX_CAPTURE) out = out.slice(-MAX_CAPTURE);
    if (!widgetToken) {
      const m = /Widget token: (\S+)/.exec(out);
      if (m) widgetToken = m[1];
    }
  };
  child.stdout!.on('data', capture);
  child.stderr!.on('data', capture);
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => {
    child.once('exit', (code, signal) => {
      running = false;
      live.delete(child);
      res({ code, signal });
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const server: SpawnedServer = {
    name,
    port,
    url,
    pid: child.pid!,
    child,
    get widgetToken() {
      return widgetToken;
    },
    output: () => out,
    exited,
    isRunning: () => running,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (running) child.kill(signal);
      const timeout = signal === 'SIGKILL' ? 5_000 : 15_000;
      const r = await Promise.race([exited, sleep(timeout).then(() => null)]);
      if (r) return r;
      child.kill('SIGKILL');
      return exited;
    },
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (!running) throw new Error(`${name} exited before it was ready:\n${out}`);
    if (Date.now() > deadline) {
      await server.kill('SIGKILL');
      throw new Error(`${name} not ready within ${opts.readyTimeoutMs ?? 60_000} ms:\n${out}`);
    }
    const ok = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    // `kefu start` prints its banner (and the widget token) right after listen; wait for it too.
    if (ok && /Kefu is running/.test(out)) return server;
    await sleep(50);
  }
}

/** Signals every live child and waits for it to exit (SIGKILL after `graceMs` if it lingers). */
export async function killAllSpawned(
  signal: NodeJS.Signals = 'SIGKILL',
  graceMs = 5_000,
): Promise<void> {
  await Promise.all(
    [...live].map(
      (c) =>
        new Promise<void>((res) => {
          if (c.exitCode !== null || c.signalCode !== null) {
            live.delete(c);
            res();
            return;
          }
          const t = setTimeout(() => {
            try {
              c.kill('SIGKILL');
            } catch {
              /* gone */
            }
          }, graceMs);
          c.once('exit', () => {
            clearTimeout(t);
            res();
          });
          try {
            c.kill(signal);
          } catch {
            clearTimeout(t);
            res();
          }
        }),
    ),
  );
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
