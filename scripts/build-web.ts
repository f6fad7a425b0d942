/**
 * Builds the browser bundles into dist/web/: the agent console (web/console, React + Vite) and the
 * chat widget (web/widget: loader + Preact iframe app). Run by `npm install` (prepare), by
 * `kefu start` when the bundles are missing or older than their sources, and by the browser tests.
 * The build modules (and so Vite) are loaded only when a bundle is actually rebuilt.
 * Usage: node --import tsx scripts/build-web.ts [--if-stale]
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = join(import.meta.dirname, '..');
export const DIST = join(ROOT, 'dist', 'web');

interface Target {
  name: string;
  src: string;
  out: string;
  buildFile: string;
}

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

function targets(): Target[] {
  const list: Target[] = [];
  for (const name of ['console', 'widget']) {
    const buildFile = join(ROOT, 'web', name, 'build.ts');
    if (existsSync(buildFile))
      list.push({ name, src: join(ROOT, 'web', name), out: join(DIST, name), buildFile });
  }
  return list;
}

/** A web/<name>/build.ts module: imported only when that bundle is built (it loads Vite). */
async function loadBuild(file: string): Promise<{ build: (outDir: string) => Promise<void> }> {
  try {
    return await import(file);
  } catch (err) {
    // The prebuilt server (dist/server) runs without tsx (Node's own type stripping, where there is
    // one, may refuse the file): load this one through tsx.
    if (
      !/^ERR_(UNKNOWN_FILE_EXTENSION|UNSUPPORTED_TYPESCRIPT_SYNTAX|INVALID_TYPESCRIPT_SYNTAX|UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING)$/.test(
        (err as NodeJS.ErrnoException).code ?? '',
      )
    )
      throw err;
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(pathToFileURL(file).href, import.meta.url);
  }
}

export async function buildWeb(
  opts: { ifStale?: boolean; log?: (msg: string) => void } = {},
): Promise<void> {
  const log = opts.log ?? ((m: string) => console.log(m));
  for (const t of targets()) {
    // The bundles also compile shared/ (the shapes and contracts both clients import).
    if (
      opts.ifStale &&
      existsSync(t.out) &&
      newestMtime(t.out) >= Math.max(newestMtime(t.src), newestMtime(join(ROOT, 'shared')))
    )
      continue;
    const started = Date.now();
    await (await loadBuild(t.buildFile)).build(t.out);
    log(`built ${t.name} in ${Date.now() - started} ms → ${t.out}`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  buildWeb({ ifStale: process.argv.includes('--if-stale') }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
