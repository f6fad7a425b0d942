import { decisionOf, type LinearModel, softmax } from '../linear/model.ts';
import { transformCounts } from '../linear/vectorizer.ts';
import { FeatureCache } from '../linear/shared-features.ts';
import { trainLinear } from '../linear/train.ts';

/**
 * Optional supervised matcher trained at index time on the KB's own question variants
 * (label = entry). Used only for small KBs whose entries carry paraphrases (similar questions).
 */
export interface LearnedMatcher {
  model: LinearModel;
  entryOfLabel: Int32Array;
}

export interface LearnOptions {
  /** Skip when variants × entries exceeds this (training cost bound). */
  maxCost?: number;
  /** Minimum average variants per entry. */
  minVariantsPerEntry?: number;
  /** SVM epochs (default 10). */
  epochs?: number;
}

/** Whether a matcher is trained for a KB of this shape. */
export function matcherApplies(
  nVariants: number,
  nEntries: number,
  opts: LearnOptions = {},
): boolean {
  if (nEntries < 2 || nVariants * nEntries > (opts.maxCost ?? 3_000_000)) return false;
  return nVariants / nEntries >= (opts.minVariantsPerEntry ?? 3);
}

export function trainMatcher(
  variantText: string[],
  variantEntry: Int32Array,
  nEntries: number,
  opts: LearnOptions = {},
): LearnedMatcher | undefined {
  if (!matcherApplies(variantText.length, nEntries, opts)) return undefined;
  const rows = variantText.map((text, v) => ({ text, label: String(variantEntry[v]) }));
  const model = trainLinear(rows, {
    features: { bits: 18, charMin: 1, charMax: 3, words: true, wordBigrams: false, stem: true },
    C: 1,
    epochs: opts.epochs ?? 10,
  });
  model.temperature = 5;
  return { model, entryOfLabel: Int32Array.from(model.labels, Number) };
}

/** Entry → probability (and raw decision value) for every entry, plus the matcher's top `k` entries. */
export function matcherScores(
  m: LearnedMatcher,
  query: string,
  k: number,
): { all: Map<number, number>; decision: Map<number, number>; top: number[] } {
  const x = transformCounts(m.model.vec, new FeatureCache(query).counts(m.model.vec.cfg));
  const d = decisionOf(m.model, x);
  const p = softmax(d, m.model.temperature, m.model.offsets);
  const all = new Map<number, number>();
  const decision = new Map<number, number>();
  p.forEach((v, i) => {
    all.set(m.entryOfLabel[i], v);
    decision.set(m.entryOfLabel[i], d[i]);
  });
  const top = p
    .map((v, i) => [v, i])
    .sort((a, b) => b[0] - a[0])
    .slice(0, k)
    .map(([, i]) => m.entryOfLabel[i]);
  return { all, decision, top };
}
