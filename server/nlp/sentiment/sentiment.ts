import type { LinearModel } from '../linear/model.ts';
import { FeatureCache } from '../linear/shared-features.ts';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';
export interface SentimentResult {
  label: SentimentLabel;
  /** p(positive) − p(negative), in [−1, 1]. */
  score: number;
}

export function sentimentFromProba(labels: string[], p: number[]): SentimentResult {
  const get = (l: string) => p[labels.indexOf(l)] ?? 0;
  const best = labels[p.indexOf(Math.max(...p))] as SentimentLabel;
  return { label: best, score: Math.round((get('positive') - get('negative')) * 1000) / 1000 };
}

export function predictSentiment(model: LinearModel, text: string | FeatureCache): SentimentResult {
  const cache = typeof text === 'string' ? new FeatureCache(text) : text;
  return sentimentFromProba(model.labels, cache.proba(model));
}
