/**
 * Benchmark runner. Every `bench/*.bench.ts` exports `run(opts, emit)`; each module measures its raw
 * baseline first, then the product scenario, and emits JSON lines (format in docs/ARCHITECTURE.md).
 * Usage: npm run bench [-- --quick] [-- --only name1,name2]
 *        npm run bench -- --pg [--quick]   the ingest benchmark on PostgreSQL + Redis, two nodes (bench/pg.bench.ts only)
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

export interface BenchLine {
  name: string;
  value: number;
  unit: string;
  baseline?: string;
  baseline_value?: number;
  ratio?: number;
  [extra: string]: unknown;
}
export interface BenchOptions {
  quick: boolean;
  pg: boolean;
}
export type Emit = (line: BenchLine) => void;
export interface BenchModule {
  run(opts: BenchOptions, emit: Emit): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const pg = args.includes('--pg'); // PostgreSQL + Redis at 127.0.0.1 (BENCH_PG_URL, BENCH_REDIS_URL): only pg.bench.ts
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? (args[onlyIdx + 1] ?? '').split(',') : pg ? ['pg'] : null;

const emit: Emit = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
let failed = 0;
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  if (only && !only.includes(name)) continue;
  const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  try {
    await mod.run({ quick, pg }, emit);
  } catch (err) {
    failed++;
    process.stderr.write(`bench ${name} failed: ${(err as Error).stack}\n`);
  }
}
process.exit(failed ? 1 : 0);
