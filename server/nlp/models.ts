import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { intentModelFrom, type IntentModel } from './intent/intent.ts';
import { loadModel } from './linear/artifact.ts';
import type { LinearModel } from './linear/model.ts';

/** Artifact base names (without .json/.bin) under the models directory. */
export const MODEL_FILES = {
  sentiment: 'sentiment-zh-en.v1',
  emotion: 'emotion-zh-en.v1',
  intent: 'intent-ecommerce.v1',
} as const;

export interface Models {
  sentiment: LinearModel;
  emotion: LinearModel;
  /** Optional: analyses carry `intent: null` without it. */
  intent?: IntentModel;
}

export const DEFAULT_MODELS_DIR = fileURLToPath(new URL('../../models/', import.meta.url));

export function intentFromLinear(model: LinearModel): IntentModel {
  const meta = model.meta as { oosLabel?: string; threshold?: number };
  return intentModelFrom(model, meta.oosLabel ?? 'oos', meta.threshold ?? 0);
}

/** Loads the shipped artifacts synchronously (≈ 0.3–0.6 s); prefer the cached `loadModels`. */
export function loadModelsSync(opts: { dir?: string; intent?: boolean } = {}): Models {
  const dir = opts.dir ?? DEFAULT_MODELS_DIR;
  const intentBase = join(dir, MODEL_FILES.intent);
  return {
    sentiment: loadModel(join(dir, MODEL_FILES.sentiment)),
    emotion: loadModel(join(dir, MODEL_FILES.emotion)),
    intent:
      opts.intent !== false && existsSync(`${intentBase}.json`)
        ? intentFromLinear(loadModel(intentBase))
        : undefined,
  };
}

const cache = new Map<string, Promise<Models>>();

/** Loads the shipped models once per directory and caches them for the process (or worker). */
export function loadModels(opts: { dir?: string; intent?: boolean } = {}): Promise<Models> {
  const key = `${opts.dir ?? DEFAULT_MODELS_DIR}|${opts.intent !== false}`;
  let p = cache.get(key);
  if (!p) {
    p = Promise.resolve().then(() => loadModelsSync(opts));
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}
