import { analyzeMessage } from '../analyze.ts';
import { decide, type BotSettings } from '../bot/policy.ts';
import type { Models } from '../models.ts';
import { percentile, round } from '../linear/metrics.ts';
import type { TrainRow } from '../linear/train.ts';
import { buildIndex, type KbEntry } from '../retrieval/index.ts';
import { search } from '../retrieval/search.ts';

export interface FaqEval {
  answered_correct_rate: number;
  wrong_answer_rate: number;
  suggested_rate: number;
  handover_rate: number;
  top1: number;
  top3: number;
  mrr: number;
  p50_ms: number;
  p99_ms: number;
}

/**
 * One-turn FAQ conversations: retrieve, analyze (without an intent model), decide. Test label = KB id,
 * or `oosLabel` when no article should answer (then a handover or suggestion is right; an answer is wrong).
 */
export function evalFaq(
  kb: KbEntry[],
  test: TrainRow[],
  models: Models | null,
  opts: { oosLabel?: string; settings?: Partial<BotSettings> } = {},
): FaqEval {
  const index = buildIndex(kb);
  const times: number[] = [];
  let correct = 0,
    wrong = 0,
    suggested = 0,
    handover = 0,
    top1 = 0,
    top3 = 0,
    rr = 0,
    inScope = 0;
  for (const row of test) {
    const t0 = performance.now();
    const candidates = search(index, row.text, 5);
    const analysis = models ? analyzeMessage(row.text, { ...models, intent: undefined }) : null;
    const d = decide({ candidates, analysis, turnHistory: [], settings: opts.settings });
    times.push(performance.now() - t0);
    if (d.action === 'answer') d.articleId === row.label ? correct++ : wrong++;
    else if (d.action === 'suggest') suggested++;
    else handover++;
    if (row.label === opts.oosLabel) continue;
    inScope++;
    const rank = candidates.findIndex((c) => c.id === row.label);
    if (rank === 0) top1++;
    if (rank >= 0 && rank < 3) top3++;
    if (rank >= 0) rr += 1 / (rank + 1);
  }
  const n = Math.max(test.length, 1),
    m = Math.max(inScope, 1);
  return {
    answered_correct_rate: round(correct / n),
    wrong_answer_rate: round(wrong / n),
    suggested_rate: round(suggested / n),
    handover_rate: round(handover / n),
    top1: round(top1 / m),
    top3: round(top3 / m),
    mrr: round(rr / m),
    p50_ms: round(percentile(times, 50), 3),
    p99_ms: round(percentile(times, 99), 3),
  };
}
