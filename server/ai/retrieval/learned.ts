import type { LinearModel } from '../linear/model.ts';
import { FeatureCache } from '../linear/shared-features.ts';
import { trainLinear } from '../linear/train.ts';

/**
 * Optional supervised matcher trained at index time on the KB's own question variants
 * (label = entry). Used only for small KBs whose entries carry paraphrases (similar questions).
 */
export interface LearnedMatcher { model: LinearModel; entryOfLabel: Int32Array }

export interface LearnOptions {
  /** Skip when variants × entries exceeds this (training cost bound). */
  maxCost?: number;
  /** Minimum average variants per entry. */
  minVariantsPerEntry?: number;
}

export function trainMatcher(variantText: string[], variantEntry: Int32Array, nEntries: number, opts: LearnOptions = {}): LearnedMatcher | undefined {
  const maxCost = opts.maxCost ?? 3_000_000;
  if (nEntries < 2 || variantText.length * nEntries > maxCost) return undefined;
  if (variantText.length / nEntries < (opts.minVariantsPerEntry ?? 3)) return undefined;
  const rows = variantText.map((text, v) => ({ text, label: String(variantEntry[v]) }));
  const model = trainLinear(rows, {
    features: { bits: 20, charMin: 1, charMax: 4, words: true, wordBigrams: true, stem: true }, C: 1, epochs: 30,
  });
  model.temperature = 5;
  return { model, entryOfLabel: Int32Array.from(model.labels, Number) };
}

/** Entry → probability for the matcher's top `k` entries. */
export function matcherScores(m: LearnedMatcher, query: string, k: number): { all: Map<number, number>; top: number[] } {
  const p = new FeatureCache(query).proba(m.model);
  const all = new Map<number, number>();
  p.forEach((v, i) => all.set(m.entryOfLabel[i], v));
  const top = p.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]).slice(0, k).map(([, i]) => m.entryOfLabel[i]);
  return { all, top };
}
