/**
 * Widget bundle sizes: builds web/widget into a temp dir and reports gzip sizes (level 9) of the
 * loader and of the iframe app (JS + CSS). Baseline = the raw (uncompressed) bundle, measured in
 * the same run; the goals are absolute byte budgets (issue 3: loader ≤ 10 KB, app ≤ 60 KB gzip).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../web/widget/build.ts';

interface Line {
  name: string;
  value: number;
  unit: string;
  [k: string]: unknown;
}

export async function run(opts: { quick: boolean }, emit: (line: Line) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-widget-bench-'));
  try {
    const started = performance.now();
    const m = await build(dir);
    const buildMs = Math.round(performance.now() - started);
    const line = (
      name: string,
      size: { raw: number; gzip: number },
      goal: number,
      rawName: string,
    ): Line => ({
      name,
      value: size.gzip,
      unit: 'bytes',
      baseline: rawName,
      baseline_value: size.raw,
      ratio: Math.round((size.gzip / size.raw) * 10000) / 10000,
      goal,
      goal_on: 'value',
      better: 'lower',
      goal_met: size.gzip <= goal,
      raw_bytes: size.raw,
      build_ms: buildMs,
      ...(opts.quick ? { quick: true } : {}),
    });
    emit(line('widget_loader_gzip', m.sizes.loader, 10240, 'widget_loader_raw'));
    emit(line('widget_app_gzip', m.sizes.app, 61440, 'widget_app_raw'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
