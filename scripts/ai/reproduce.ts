/**
 * Rebuilds every shipped model artifact under models/ from the public datasets.
 * Usage: node --import tsx scripts/ai/reproduce.ts [--datasets ../shared/datasets] [--out models] [--only sentiment,emotion,intent]
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { saveModel } from '../../server/nlp/linear/artifact.ts';
import type { LinearModel } from '../../server/nlp/linear/model.ts';
import { MODEL_FILES } from '../../server/nlp/models.ts';
import { trainEmotion, trainSentiment } from './train-affect.ts';
import { trainDefaultIntent } from './train-intent-default.ts';

function flag(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

const TASKS: Record<keyof typeof MODEL_FILES, (datasets: string) => LinearModel> = {
  sentiment: trainSentiment,
  emotion: trainEmotion,
  intent: () => trainDefaultIntent(),
};

export function reproduce(args: string[]): void {
  const datasets = resolve(flag(args, '--datasets', '../shared/datasets'));
  const out = resolve(flag(args, '--out', 'models'));
  const only = flag(args, '--only', Object.keys(TASKS).join(',')).split(',');
  mkdirSync(out, { recursive: true });
  for (const task of Object.keys(TASKS) as (keyof typeof MODEL_FILES)[]) {
    if (!only.includes(task)) continue;
    const t0 = performance.now();
    const model = TASKS[task](datasets);
    saveModel(model, join(out, MODEL_FILES[task]));
    process.stderr.write(
      `${task}: ${model.vec.buckets.length} features, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) reproduce(process.argv.slice(2));
