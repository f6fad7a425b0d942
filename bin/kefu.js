#!/usr/bin/env node
// Launcher. Runs the prebuilt server (dist/server/kefu.js, built by scripts/build-server.ts at
// `npm install`) when it is up to date with its sources: no TypeScript is transpiled at run time, so a
// restart loads plain JS. When the build is missing or stale it is rebuilt first (esbuild, 1–3 s);
// when that is impossible (e.g. a read-only install) the TypeScript sources run through tsx.
// KEFU_RUNTIME=tsx forces the sources (development); KEFU_RUNTIME=dist refuses the tsx fallback.
// One process either way, so signals reach the server.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist', 'server');
const mode = process.env.KEFU_RUNTIME ?? 'auto';

/** Same rule as serverBuildIsFresh() in scripts/build-server.ts: every recorded input unchanged. */
function fresh() {
  let info;
  try {
    info = JSON.parse(readFileSync(join(dist, 'build-info.json'), 'utf8'));
  } catch {
    return null;
  }
  if (info.version !== 1) return null;
  try {
    statSync(join(dist, info.entry));
  } catch {
    return null;
  }
  for (const [file, [mtimeMs, size]] of Object.entries(info.inputs)) {
    try {
      const s = statSync(join(root, file));
      if (s.mtimeMs !== mtimeMs || s.size !== size) return null;
    } catch {
      return null;
    }
  }
  return join(dist, info.entry);
}

/** The built entry, rebuilding it first when missing or stale; null when that fails. */
async function builtEntry() {
  const entry = fresh();
  if (entry) return entry;
  try {
    const { tsImport } = await import('tsx/esm/api');
    const { buildServer } = await tsImport('../scripts/build-server.ts', import.meta.url);
    await buildServer({ log: (m) => process.stderr.write(`  ${m}\n`) });
    return fresh();
  } catch (err) {
    process.stderr.write(`  the server could not be built: ${err?.message ?? err}\n`);
    return fresh(); // another process may have built it meanwhile
  }
}

async function runSources() {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/cli/index.ts');
}

const entry = mode === 'tsx' ? null : await builtEntry();
if (entry) {
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(entry).href);
} else if (mode === 'dist') {
  process.stderr.write(
    'KEFU_RUNTIME=dist: no up-to-date server build in dist/server (npm run build:server).\n',
  );
  process.exit(1);
} else {
  if (mode !== 'tsx')
    process.stderr.write('  running the TypeScript sources through tsx instead\n');
  await runSources();
}
