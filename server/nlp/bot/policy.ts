import type { Candidate } from '../retrieval/index.ts';

export type BotAction = 'answer' | 'suggest' | 'handover';
export type DecisionReason =
  | 'confident_match'
  | 'ambiguous_match'
  | 'no_match'
  | 'out_of_scope'
  | 'human_only_topic'
  | 'repeated_failure'
  | 'negative_emotion'
  | 'human_request';

/** The analysis fields the policy reads (a MessageAnalysis satisfies it). */
export interface PolicyAnalysis {
  emotion?: { label: string; intensity: number };
  sentiment?: { label: string; score: number };
  intent?: { label: string; confidence: number } | null;
  humanRequest?: { detected: boolean };
}

export interface BotTurn {
  action: BotAction /** false when the customer said it did not help / re-asked. */;
  resolved?: boolean;
}

export interface BotSettings {
  /** Answer when the top candidate's calibrated probability is at least this… */
  answerThreshold: number;
  /** …and leads the second candidate by at least this (a tie never answers). */
  minMargin: number;
  /** Below this top probability the bot hands over instead of suggesting. */
  suggestThreshold: number;
  /** Candidates listed as "Did you mean…" need at least this probability. */
  suggestMinScore: number;
  maxSuggestions: number;
  maxUnsuccessfulTurns: number;
  /** Anger intensity (0–1) that hands over. */
  angerThreshold: number;
  /** Sentiment score at or below which (with a non-neutral emotion) the bot hands over. */
  negativeScoreThreshold: number;
  humanOnlyIntents: string[];
  oosLabel: string;
}

export const DEFAULT_BOT_SETTINGS: BotSettings = {
  // Candidate scores are calibrated probabilities (retrieval/ranker.ts). 0.79 is the lowest threshold
  // keeping wrong answers ≤ 3.5 % in cross-validation on KBs built from training data, in each regime
  // (scripts/ai/faq-ranker-defaults.ts); never tuned on a test split.
  answerThreshold: 0.79,
  minMargin: 0.1,
  suggestThreshold: 0.1,
  suggestMinScore: 0.02,
  maxSuggestions: 3,
  maxUnsuccessfulTurns: 2,
  angerThreshold: 0.85,
  negativeScoreThreshold: -0.95,
  humanOnlyIntents: ['complaint', 'human_request'],
  oosLabel: 'oos',
};

export interface BotDecision {
  action: BotAction;
  reason: DecisionReason;
  /** For 'answer': the article and its answer text verbatim from the KB. */
  articleId?: string;
  answer?: string;
  /** For 'suggest': "Did you mean…" options, KB questions verbatim. */
  suggestions?: { articleId: string; question: string }[];
}

export interface DecideInput {
  candidates: Candidate[];
  analysis?: PolicyAnalysis | null;
  turnHistory?: BotTurn[];
  settings?: Partial<BotSettings>;
}

function unsuccessfulStreak(history: BotTurn[]): number {
  let n = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const t = history[i];
    if (t.action === 'suggest' || t.resolved === false) n++;
    else break;
  }
  return n;
}

function guardHandover(
  a: PolicyAnalysis | null | undefined,
  history: BotTurn[],
  s: BotSettings,
): DecisionReason | null {
  if (a?.humanRequest?.detected) return 'human_request';
  const angry = a?.emotion?.label === 'angry' && a.emotion.intensity >= s.angerThreshold;
  const veryNegative =
    (a?.sentiment?.score ?? 0) <= s.negativeScoreThreshold &&
    a?.emotion?.label !== 'neutral' &&
    a?.emotion?.label !== undefined;
  if (angry || veryNegative) return 'negative_emotion';
  if (a?.intent && s.humanOnlyIntents.includes(a.intent.label) && a.intent.confidence >= 0.5)
    return 'human_only_topic';
  if (unsuccessfulStreak(history) >= s.maxUnsuccessfulTurns) return 'repeated_failure';
  return null;
}

/**
 * FAQ bot policy (pure). Answers only with KB text verbatim; suggests up to 3 questions when unsure;
 * hands over on explicit request, strong negative emotion, human-only topics, repeated failure, no match.
 */
export function decide(input: DecideInput): BotDecision {
  const s: BotSettings = { ...DEFAULT_BOT_SETTINGS, ...input.settings };
  const guard = guardHandover(input.analysis, input.turnHistory ?? [], s);
  if (guard) return { action: 'handover', reason: guard };
  const [top, second] = input.candidates;
  if (!top || top.score < s.suggestThreshold) {
    const oos = input.analysis?.intent?.label === s.oosLabel;
    return { action: 'handover', reason: oos ? 'out_of_scope' : 'no_match' };
  }
  const margin = top.score - (second?.score ?? 0);
  if (top.score >= s.answerThreshold && margin >= s.minMargin && margin > 0) {
    return { action: 'answer', reason: 'confident_match', articleId: top.id, answer: top.answer };
  }
  const suggestions = input.candidates
    .filter((c, i) => i === 0 || c.score >= s.suggestMinScore)
    .slice(0, s.maxSuggestions)
    .map((c) => ({ articleId: c.id, question: c.question }));
  return { action: 'suggest', reason: 'ambiguous_match', suggestions };
}
