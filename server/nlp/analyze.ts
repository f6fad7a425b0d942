import { type EmotionResult, emotionFromProba } from './emotion/emotion.ts';
import { detectHumanRequest, type HumanRequest } from './human/human-request.ts';
import { FeatureCache } from './linear/shared-features.ts';
import type { Models } from './models.ts';
import { findPii, type PiiSpan } from './pii/pii.ts';
import { type SentimentResult, sentimentFromProba } from './sentiment/sentiment.ts';
import { detectLanguage, type Language } from './text/language.ts';

export interface MessageAnalysis {
  language: Language;
  sentiment: SentimentResult;
  emotion: EmotionResult;
  intent: { label: string; confidence: number } | null;
  humanRequest: HumanRequest;
  pii: PiiSpan[];
}

export interface AnalyzeOptions {
  /** Models see at most this many characters (PII scans up to `maxPiiChars`). */
  maxModelChars?: number;
  maxPiiChars?: number;
}

/** Language, sentiment, emotion, intent, human request and PII of one message. Pure and JSON-safe. */
export function analyzeMessage(
  text: string,
  models: Models,
  opts: AnalyzeOptions = {},
): MessageAnalysis {
  const clipped =
    text.length > (opts.maxModelChars ?? 2000) ? text.slice(0, opts.maxModelChars ?? 2000) : text;
  const cache = new FeatureCache(clipped);
  const intentPred = models.intent && clipped.trim() !== '' ? models.intent.predict(clipped) : null;
  return {
    language: detectLanguage(clipped).language,
    sentiment: sentimentFromProba(models.sentiment.labels, cache.proba(models.sentiment)),
    emotion: emotionFromProba(models.emotion.labels, cache.proba(models.emotion)),
    intent: intentPred
      ? { label: intentPred.label, confidence: Math.round(intentPred.confidence * 1000) / 1000 }
      : null,
    humanRequest: detectHumanRequest(clipped),
    pii: findPii(
      text.length > (opts.maxPiiChars ?? 20000) ? text.slice(0, opts.maxPiiChars ?? 20000) : text,
    ),
  };
}
