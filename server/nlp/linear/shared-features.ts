import { featureCounts, type FeatureConfig } from './features.ts';
import type { LinearModel } from './model.ts';
import { probaOfVec } from './model.ts';
import { transformCounts } from './vectorizer.ts';

/** Memoizes feature extraction per feature config so several models share one pass over a text. */
export class FeatureCache {
  private readonly byConfig = new Map<string, Map<number, number>>();
  constructor(readonly text: string) {}

  counts(cfg: FeatureConfig): Map<number, number> {
    const key = `${cfg.bits}|${cfg.charMin}|${cfg.charMax}|${cfg.words}|${cfg.wordBigrams}|${cfg.stem}`;
    let c = this.byConfig.get(key);
    if (!c) {
      c = featureCounts(this.text, cfg);
      this.byConfig.set(key, c);
    }
    return c;
  }

  proba(model: LinearModel): number[] {
    return probaOfVec(model, transformCounts(model.vec, this.counts(model.vec.cfg)));
  }
}
