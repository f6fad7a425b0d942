/**
 * Agent console benchmarks (issue 3).
 *
 *   react_baseline_gzip → console_bundle     first-load JS (gzip -9) of the console vs a bare
 *                                            React 19 + ReactDOM "hello" app built with the same
 *                                            Vite settings in this run. Goal: value ≤ 300 KB.
 *   agent_socket_p95 → send_to_paint_p95     a visitor's POST /widget/v1/messages until the message
 *                                            is painted in the agent console in Chromium
 *                                            (MutationObserver on the message stream, then the next
 *                                            animation frame = the frame that paints it). Baseline:
 *                                            the same sends until a bare Socket.IO /agent client in
 *                                            this process receives the event (server pipeline only),
 *                                            measured on the same sends at the same time.
 *                                            Goal: value ≤ 150 ms.
 *
 * The Kefu server runs as a child process (bench/lib/proc.ts, demo seed, bot off); Chromium is
 * Debian's /usr/bin/chromium via playwright-core. Sends are spaced (closed loop, one at a time), so
 * the number is latency, not throughput. Clocks: browser timestamps are performance.timeOrigin +
 * performance.now(), corrected by the measured offset to this process's Date.now().
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { build as viteBuild } from 'vite';
import { build as buildConsole } from '../web/console/build.ts';
import { buildWeb } from '../scripts/build-web.ts';
import { launchBrowser } from '../server/test/browser.ts';
import { DEMO_USERS } from '../server/cli/seed-demo.ts';
import { cleanup, repoRoot, startKefu, tempDir } from './lib/proc.ts';
import { connectSocketIo, createVisitorSession, login } from './lib/clients.ts';
import { percentile, round, sleep } from './lib/stats.ts';

interface Line {
  name: string;
  value: number;
  unit: string;
  [k: string]: unknown;
}
type Emit = (line: Line) => void;
const log = (msg: string) => process.stderr.write(`[bench:web] ${msg}\n`);

/** JS files loaded on first paint: the entry script and its modulepreloads (lazy chunks excluded). */
function firstLoadJs(dir: string): { gzip: number; raw: number; files: string[] } {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ].map((m) => m[1]);
  let gzip = 0;
  let raw = 0;
  for (const f of files) {
    const buf = readFileSync(join(dir, f.replace(/^\/app\//, '').replace(/^\//, '')));
    raw += buf.length;
    gzip += gzipSync(buf, { level: 9 }).length;
  }
  return { gzip, raw, files };
}

async function reactBaseline(): Promise<{ gzip: number; raw: number }> {
  // inside node_modules/.cache so bare imports resolve to the repo's react / react-dom
  const root = join(repoRoot, 'node_modules', '.cache', `kefu-bench-react-${process.pid}`);
  const out = tempDir('react-out');
  mkdirSync(root, { recursive: true });
  try {
    writeFileSync(
      join(root, 'index.html'),
      '<!doctype html><html><body><div id="root"></div><script type="module" src="/main.jsx"></script></body></html>',
    );
    writeFileSync(
      join(root, 'main.jsx'),
      "import { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')).render(<p>hello</p>);\n",
    );
    const prev = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await viteBuild({
        root,
        base: '/app/',
        configFile: false,
        envFile: false,
        mode: 'production',
        logLevel: 'warn',
        publicDir: false,
        plugins: [react()],
        build: { outDir: out, emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
      });
    } finally {
      if (prev === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = prev;
    }
    return firstLoadJs(out);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function bundle(quick: boolean, emit: Emit) {
  const base = await reactBaseline();
  emit({
    name: 'react_baseline_gzip',
    value: base.gzip,
    unit: 'bytes',
    raw_bytes: base.raw,
    ...(quick ? { quick: true } : {}),
  });
  const dir = tempDir('console');
  const started = performance.now();
  await buildConsole(join(dir, 'console'));
  const buildMs = Math.round(performance.now() - started);
  const c = firstLoadJs(join(dir, 'console'));
  const goal = 300 * 1024;
  emit({
    name: 'console_bundle',
    value: c.gzip,
    unit: 'bytes',
    baseline: 'react_baseline_gzip',
    baseline_value: base.gzip,
    ratio: round(c.gzip / base.gzip, 4),
    goal,
    goal_on: 'value',
    better: 'lower',
    goal_met: c.gzip <= goal,
    raw_bytes: c.raw,
    files: c.files.length,
    build_ms: buildMs,
    ...(quick ? { quick: true } : {}),
  });
}

async function sendToPaint(quick: boolean, emit: Emit) {
  await buildWeb({ ifStale: true, log: () => {} }); // the server child serves dist/web/console
  const server = await startKefu();
  const browser = await launchBrowser();
  try {
    const admin = DEMO_USERS[0];
    const adminCookie = await login(server.url, admin.email, admin.password);
    const me = (await (
      await fetch(`${server.url}/api/v1/me`, { headers: { cookie: adminCookie } })
    ).json()) as { csrfToken: string };
    const inboxes = (await (
      await fetch(`${server.url}/api/v1/inboxes`, { headers: { cookie: adminCookie } })
    ).json()) as { data: Array<{ id: string; publicToken: string }> };
    const inbox = inboxes.data.find((i) => i.publicToken === server.inboxToken)!;
    await fetch(`${server.url}/api/v1/inboxes/${inbox.id}`, {
      method: 'PATCH',
      headers: {
        cookie: adminCookie,
        'x-csrf-token': me.csrfToken,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ settings: { bot: { mode: 'off' } } }),
    });

    const agent = DEMO_USERS[1];
    const cookie = await login(server.url, agent.email, agent.password);
    const visitor = await createVisitorSession(server.url, server.inboxToken);
    const send = async (content: string, id: string) => {
      const res = await fetch(`${server.url}/widget/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${visitor}` },
        body: JSON.stringify({ content, clientMessageId: id }),
      });
      if (res.status >= 300) throw new Error(`send failed ${res.status}`);
      return (await res.json()) as { conversation: { id: string } };
    };
    const { conversation } = await send('bench: hello', 'bench-0');

    for (let i = 0; i < 10; i++) await send(`bench warm-up ${i}`, `bench-w-${i}`); // JIT, AI models, caches
    // baseline: a bare Socket.IO /agent client in this process receives the same sends (measured together)
    const sock = await connectSocketIo(server.url, '/agent', { cookie });
    const n = quick ? 30 : 100;
    const socketAt = new Map<string, number>();
    sock.on('event', (e: { type: string; payload: { message?: { content: string } } }) => {
      const m =
        e.type === 'message.created'
          ? /bench paint (\d+)!/.exec(e.payload.message?.content ?? '')
          : null;
      if (m && !socketAt.has(m[1])) socketAt.set(m[1], Date.now());
    });

    const [name, value] = cookie.split('=');
    const ctx = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'en-US',
    });
    await ctx.addCookies([{ name, value, url: server.url }]);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/app/c/${conversation.id}`);
    await page.locator('[data-testid=messages]').waitFor();
    await page.locator('[data-testid=message]', { hasText: 'bench warm-up' }).first().waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid=reconnecting]'));
    await sleep(500);

    // clock offset browser → node: midpoint of a round trip, best of 10
    let offset = 0;
    let best = Infinity;
    for (let i = 0; i < 10; i++) {
      const a = Date.now();
      const b = await page.evaluate(() => performance.timeOrigin + performance.now());
      const c = Date.now();
      if (c - a < best) {
        best = c - a;
        offset = b - (a + c) / 2;
      }
    }

    await page.evaluate(() => {
      const w = window as unknown as { __painted: Record<string, { dom: number; paint: number }> };
      w.__painted = {};
      const root = document.querySelector('[data-testid=messages]')!;
      new MutationObserver((records) => {
        const now = performance.timeOrigin + performance.now();
        for (const r of records)
          for (const node of Array.from(r.addedNodes)) {
            const m = /bench paint (\d+)!/.exec(node.textContent ?? '');
            if (!m || w.__painted[m[1]]) continue;
            const entry = { dom: now, paint: 0 };
            w.__painted[m[1]] = entry;
            requestAnimationFrame(() => {
              entry.paint = performance.timeOrigin + performance.now();
            });
          }
      }).observe(root, { childList: true, subtree: true });
    });

    const dom: number[] = [];
    const paint: number[] = [];
    const socketLat: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = Date.now();
      await send(`bench paint ${i}!`, `bench-p-${i}`);
      const h = await page
        .waitForFunction(
          (k) => {
            const e = (
              window as unknown as { __painted: Record<string, { dom: number; paint: number }> }
            ).__painted[k];
            return e && e.paint ? e : null;
          },
          String(i),
          { timeout: 10_000, polling: 10 },
        )
        .catch(async (err) => {
          log(
            `debug: ${JSON.stringify(await page.evaluate(() => [Object.keys((window as any).__painted), document.querySelector('[data-testid=messages]')?.textContent?.slice(-300), document.hidden, location.href]))}`,
          );
          throw err;
        });
      const e = (await h.jsonValue()) as { dom: number; paint: number };
      dom.push(e.dom - offset - t0);
      paint.push(e.paint - offset - t0);
      for (let w = 0; w < 100 && !socketAt.has(String(i)); w++) await sleep(10);
      const s = socketAt.get(String(i));
      if (s != null) socketLat.push(s - t0);
      await sleep(50);
    }
    sock.close();
    const base = round(percentile(socketLat, 95), 2);
    emit({
      name: 'agent_socket_p95',
      value: base,
      unit: 'ms',
      n: socketLat.length,
      p50: round(percentile(socketLat, 50), 2),
      ...(quick ? { quick: true } : {}),
    });
    const p95 = round(percentile(paint, 95), 2);
    emit({
      name: 'send_to_paint_p95',
      value: p95,
      unit: 'ms',
      baseline: 'agent_socket_p95',
      baseline_value: base,
      ratio: round(p95 / Math.max(base, 0.01), 4),
      goal: 150,
      goal_on: 'value',
      better: 'lower',
      goal_met: p95 <= 150,
      n,
      p50: round(percentile(paint, 50), 2),
      max: round(Math.max(...paint), 2),
      dom_p95_ms: round(percentile(dom, 95), 2),
      clock_rtt_ms: best,
      ...(quick ? { quick: true } : {}),
    });
    await ctx.close();
  } finally {
    await browser.close().catch(() => {});
    await server.stop().catch(() => {});
  }
}

export async function run(opts: { quick: boolean }, emit: Emit): Promise<void> {
  try {
    log('console bundle');
    await bundle(opts.quick, emit);
    if (!existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
      log('no Chromium: send_to_paint skipped');
      return;
    }
    log('send to paint');
    await sendToPaint(opts.quick, emit);
  } finally {
    await cleanup();
  }
}
