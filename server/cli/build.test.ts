/**
 * The prebuilt server (scripts/build-server.ts → dist/server, run by bin/kefu.js): `kefu --help` loads
 * none of the server, the built CLI starts a server that answers /readyz, and the freshness rule.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer, SERVER_DIST, serverBuildIsFresh } from '../../scripts/build-server.ts';
import { killAllSpawned, REPO_ROOT, spawnServer } from '../test/spawn-server.ts';

const dirs: string[] = [];
afterAll(async () => {
  await killAllSpawned();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Files a built module imports statically (`import … from "./x.js"`), transitively. */
function staticGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const src = readFileSync(join(SERVER_DIST, entry), 'utf8');
  for (const m of src.matchAll(/^import\s[^;]*?from\s*"\.\/([^"]+)"|^import\s*"\.\/([^"]+)"/gm))
    staticGraph(m[1] ?? m[2], seen);
  return seen;
}

describe('built server (dist/server)', () => {
  it('is fresh after the global setup, and the entry loads none of the server until a command runs', async () => {
    await buildServer({ ifStale: true, log: () => {} });
    expect(serverBuildIsFresh()).toBe(true);
    const eager = [...staticGraph('kefu.js')]
      .map((f) => readFileSync(join(SERVER_DIST, f), 'utf8'))
      .join('\n');
    expect(eager).not.toMatch(/from\s*"(fastify|kysely|better-sqlite3|zod)"/);
    expect(eager).toContain('kefu <command> [options]');

    const help = spawnSync(process.execPath, ['bin/kefu.js', '--help'], {
      cwd: REPO_ROOT,
      env: { ...process.env, KEFU_RUNTIME: 'dist' },
      encoding: 'utf8',
    });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('kefu <command> [options]');
    expect(help.stderr).not.toMatch(/TypeScript sources|could not be built/);
  });

  it('starts from bin/kefu.js without tsx and answers /readyz; its workers are built entries', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kefu-built-'));
    dirs.push(dataDir);
    const server = await spawnServer({
      runtime: 'dist',
      name: 'kefu-built',
      env: { DATA_DIR: dataDir, SEED_DEMO: 'false' },
    });
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready' });
    expect(server.output()).not.toMatch(/running the TypeScript sources|could not be built/);
    // The worker URLs point at built siblings, so no worker needs tsx either.
    const bundle = [...staticGraph('kefu.js')].concat(['analyzer-worker.js', 'kb-worker.js']);
    for (const f of bundle) expect(statSync(join(SERVER_DIST, f)).isFile()).toBe(true);
    const code = spawnSync(
      'grep',
      ['-l', 'new URL("./analyzer-worker.js", import.meta.url)', '-r', SERVER_DIST],
      { encoding: 'utf8' },
    );
    expect(code.stdout.trim()).not.toBe('');
    await server.kill('SIGTERM');
  }, 90_000);

  it('is stale when a recorded input changed size or time, or disappeared', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kefu-build-info-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'kefu.js'), '');
    const s = statSync(join(REPO_ROOT, 'package.json'));
    const write = (inputs: Record<string, [number, number]>) =>
      writeFileSync(
        join(dir, 'build-info.json'),
        JSON.stringify({ version: 1, builtAt: '', entry: 'kefu.js', inputs }),
      );
    write({ 'package.json': [s.mtimeMs, s.size] });
    expect(serverBuildIsFresh(dir)).toBe(true);
    write({ 'package.json': [s.mtimeMs, s.size + 1] });
    expect(serverBuildIsFresh(dir)).toBe(false);
    write({ 'package.json': [s.mtimeMs - 1000, s.size] });
    expect(serverBuildIsFresh(dir)).toBe(false);
    write({ 'server/no-such-file.ts': [0, 0] });
    expect(serverBuildIsFresh(dir)).toBe(false);
  });
});
