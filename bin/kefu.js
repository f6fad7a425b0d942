#!/usr/bin/env node
// Thin launcher: runs the TypeScript CLI through tsx so `npx kefu …` works in the repo.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', join(root, 'server/cli/index.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit', env: process.env },
);
if (result.signal) process.kill(process.pid, result.signal);
process.exit(result.status ?? 1);
