import type { LinearModel } from '../linear/model.ts';
import { FeatureCache } from '../linear/shared-features.ts';

export const EMOTION_LABELS = ['neutral', 'angry', 'happy', 'sad', 'fear', 'surprise'] as const;
export type EmotionLabel = (typeof EMOTION_LABELS)[number];

export interface EmotionResult {
  label: EmotionLabel;
  /** Probability of the emotion when it is not neutral; 0 for neutral. */
  intensity: number;
  scores: Record<EmotionLabel, number>;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function emotionFromProba(labels: string[], p: number[]): EmotionResult {
  const scores = Object.fromEntries(
    EMOTION_LABELS.map((l) => [l, r3(p[labels.indexOf(l)] ?? 0)]),
  ) as Record<EmotionLabel, number>;
  const label = labels[p.indexOf(Math.max(...p))] as EmotionLabel;
  return { label, intensity: label === 'neutral' ? 0 : scores[label], scores };
}

export function predictEmotion(model: LinearModel, text: string | FeatureCache): EmotionResult {
  const cache = typeof text === 'string' ? new FeatureCache(text) : text;
  return emotionFromProba(model.labels, cache.proba(model));
}
