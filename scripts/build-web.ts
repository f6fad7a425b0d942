/**
 * Builds the browser bundles into dist/web/: the agent console (web/console, React + Vite) and the
 * chat widget (web/widget: loader + Preact iframe app). Run by `npm install` (prepare), by
 * `kefu start` when the bundles are missing or older than their sources, and by the browser tests.
 * Usage: node --import tsx scripts/build-web.ts [--if-stale]
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const DIST = join(ROOT, 'dist', 'web');

interface Target { name: string; src: string; out: string; build: () => Promise<void> }

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.endsWith('.test.ts')) continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

async function targets(): Promise<Target[]> {
  const list: Target[] = [];
  for (const name of ['console', 'widget']) {
    const buildFile = join(ROOT, 'web', name, 'build.ts');
    if (!existsSync(buildFile)) continue;
    const mod = (await import(buildFile)) as { build: (outDir: string) => Promise<void> };
    list.push({ name, src: join(ROOT, 'web', name), out: join(DIST, name), build: () => mod.build(join(DIST, name)) });
  }
  return list;
}

export async function buildWeb(opts: { ifStale?: boolean; log?: (msg: string) => void } = {}): Promise<void> {
  const log = opts.log ?? ((m: string) => console.log(m));
  for (const t of await targets()) {
    if (opts.ifStale && existsSync(t.out) && newestMtime(t.out) >= newestMtime(t.src)) continue;
    const started = Date.now();
    await t.build();
    log(`built ${t.name} in ${Date.now() - started} ms → ${t.out}`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  buildWeb({ ifStale: process.argv.includes('--if-stale') }).catch((err) => { console.error(err); process.exit(1); });
}
