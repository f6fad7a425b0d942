/**
 * Builds the server once into dist/server/ (esbuild: ESM, node platform, npm packages left external,
 * source maps) so `kefu` starts without transpiling TypeScript at run time: module loading through tsx
 * was most of a restart under load (issue 11). Run by `npm install` (prepare), by bin/kefu.js when the
 * build is missing or stale, and by the test global setup (server/test/build-server.setup.ts).
 * Usage: node --import tsx scripts/build-server.ts [--if-stale]
 *
 * The output is flat (entries and chunks side by side in dist/server/), so every built file has the
 * same import.meta.url directory. Sources that locate files relative to themselves keep working:
 * - `new URL('./x.ts', import.meta.url)` naming a worker entry (analyzer-worker.ts, kb-worker.ts) becomes
 *   a separate entry point and the URL points at its built `.js` next to the bundle;
 * - every other `import.meta.url` / `import.meta.dirname` / `import.meta.filename` is rewritten to the
 *   source file's own location (models/, migrations data, demo-kb.jsonl, dist/web, tsx resolution).
 * build-info.json records every input's mtime and size: the build is fresh while they all match.
 */
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'esbuild';

export const ROOT = join(import.meta.dirname, '..');
export const SERVER_DIST = join(ROOT, 'dist', 'server');
export const SERVER_ENTRY = join(SERVER_DIST, 'kefu.js');
const INFO_FILE = 'build-info.json';
/** Files that shape the output besides the bundled sources. */
const EXTRA_INPUTS = ['scripts/build-server.ts', 'tsconfig.json', 'package.json'];

export interface BuildInfo {
  version: 1;
  builtAt: string;
  entry: string;
  inputs: Record<string, [mtimeMs: number, size: number]>;
}

/** True when dist/server exists and no input changed since it was built (same rule as bin/kefu.js). */
export function serverBuildIsFresh(dir = SERVER_DIST): boolean {
  let info: BuildInfo;
  try {
    info = JSON.parse(readFileSync(join(dir, INFO_FILE), 'utf8')) as BuildInfo;
  } catch {
    return false;
  }
  if (info.version !== 1 || !existsSync(join(dir, info.entry))) return false;
  for (const [file, [mtimeMs, size]] of Object.entries(info.inputs)) {
    try {
      const s = statSync(join(ROOT, file));
      if (s.mtimeMs !== mtimeMs || s.size !== size) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function walkTs(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'test') walkTs(p, out);
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const WORKER_URL = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+\.ts)\1\s*,\s*import\.meta\.url\s*\)/g;

/** Worker entries: every `new URL('./x.ts', import.meta.url)` in server/ names a file that runs on its own. */
function findWorkerEntries(): Map<string, string> {
  const entries = new Map<string, string>(); // absolute source path → output name
  for (const file of walkTs(join(ROOT, 'server'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(WORKER_URL)) {
      const target = resolve(dirname(file), m[2]);
      const name = target.slice(target.lastIndexOf(sep) + 1, -'.ts'.length);
      const clash = [...entries].find(([p, n]) => n === name && p !== target);
      if (clash || name === 'kefu')
        throw new Error(`build-server: two entries named ${name}.js (${target}, ${clash?.[0]})`);
      entries.set(target, name);
    }
  }
  return entries;
}

const toPosix = (p: string) => p.split(sep).join('/');

/** Rewrites import.meta in repository sources so the flat bundle behaves like the file tree. */
function importMetaPlugin(outDir: string, workers: Map<string, string>): Plugin {
  return {
    name: 'kefu-import-meta',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        let src = readFileSync(args.path, 'utf8');
        if (!src.includes('import.meta')) return { contents: src, loader: 'ts' };
        // __KEFU_BUNDLE_URL__ stands for the built file's own URL until every import.meta.url is rewritten.
        // Worker URLs point at the built sibling.
        src = src.replace(WORKER_URL, (whole, _q: string, spec: string) => {
          const name = workers.get(resolve(dirname(args.path), spec));
          return name ? `new URL(${JSON.stringify(`./${name}.js`)}, __KEFU_BUNDLE_URL__)` : whole;
        });
        const fileRel = toPosix(relative(outDir, args.path));
        const dirRel = `${posix.dirname(fileRel)}/`;
        src = src
          .replace(
            /import\.meta\.dirname\b/g,
            `__kefuFileURLToPath(new URL(${JSON.stringify(dirRel)}, __KEFU_BUNDLE_URL__)).replace(/[\\\\/]$/, '')`,
          )
          .replace(
            /import\.meta\.filename\b/g,
            `__kefuFileURLToPath(new URL(${JSON.stringify(fileRel)}, __KEFU_BUNDLE_URL__))`,
          )
          .replace(
            /import\.meta\.url\b/g,
            `new URL(${JSON.stringify(fileRel)}, __KEFU_BUNDLE_URL__).href`,
          )
          .replaceAll('__KEFU_BUNDLE_URL__', 'import.meta.url');
        return { contents: src, loader: 'ts' };
      });
    },
  };
}

export async function buildServer(
  opts: { ifStale?: boolean; log?: (msg: string) => void } = {},
): Promise<boolean> {
  const log = opts.log ?? ((m: string) => console.log(m));
  if (opts.ifStale && serverBuildIsFresh()) return false;
  const started = Date.now();
  const { build } = await import('esbuild');
  const workers = findWorkerEntries();
  // Build next to the final place (same file system, same relative paths), then swap it in.
  const tmp = join(ROOT, 'dist', `.server-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(tmp, { recursive: true });
  try {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: [
        { in: 'server/cli/index.ts', out: 'kefu' },
        ...[...workers].map(([file, name]) => ({ in: toPosix(relative(ROOT, file)), out: name })),
      ],
      outdir: tmp,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      sourcesContent: false,
      chunkNames: 'chunk-[hash]',
      metafile: true,
      logLevel: 'warning',
      // import.meta rewrites use this helper; every output file (entries and chunks) gets it.
      banner: { js: "import { fileURLToPath as __kefuFileURLToPath } from 'node:url';" },
      plugins: [importMetaPlugin(SERVER_DIST, workers)],
    });
    const inputs: BuildInfo['inputs'] = {};
    for (const file of [...Object.keys(result.metafile.inputs), ...EXTRA_INPUTS]) {
      if (file.startsWith('node_modules/') || file.includes(':')) continue;
      const s = statSync(join(ROOT, file));
      inputs[toPosix(file)] = [s.mtimeMs, s.size];
    }
    const info: BuildInfo = {
      version: 1,
      builtAt: new Date().toISOString(),
      entry: 'kefu.js',
      inputs,
    };
    writeFileSync(join(tmp, INFO_FILE), `${JSON.stringify(info, null, 1)}\n`);
    writeFileSync(join(tmp, 'package.json'), '{ "type": "module" }\n');
    // Swap: a concurrent start sees the old build or the new one (bin/kefu.js falls back to tsx in the
    // instant between the two renames).
    const old = `${tmp}-old`;
    try {
      if (existsSync(SERVER_DIST)) renameSync(SERVER_DIST, old);
      renameSync(tmp, SERVER_DIST);
    } catch (err) {
      // Another process swapped its build in at the same moment: keep that one if it is current.
      if (!serverBuildIsFresh()) throw err;
    }
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  log(
    `built server in ${Date.now() - started} ms → ${relative(process.cwd(), SERVER_DIST) || SERVER_DIST}`,
  );
  return true;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  buildServer({ ifStale: process.argv.includes('--if-stale') }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
