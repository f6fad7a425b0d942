/**
 * Fits the FAQ ranker's shipped default weights (used for KBs that cannot be cross-validated) and
 * picks the bot's answer threshold, from cross-validation records of KBs built from TRAINING data only:
 *   - BANKING77 train (CC BY 4.0): one entry per intent, its first ten questions (the same KB shape as the eval);
 *   - Kefu's own e-commerce intents (scripts/ai/data/ecommerce-intents.csv, MIT): one entry per intent, ten questions.
 * No test split is read. Prints the weights and the threshold as JSON; paste them into
 * server/ai/retrieval/ranker.ts and server/ai/bot/policy.ts.
 * Usage: node --import tsx scripts/ai/faq-ranker-defaults.ts [--datasets ../shared/datasets]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCsv } from '../../server/nlp/data/csv.ts';
import type { TrainRow } from '../../server/nlp/linear/train.ts';
import { crossValidationRecords } from '../../server/nlp/retrieval/build.ts';
import { poolWithFeatures } from '../../server/nlp/retrieval/features.ts';
import { buildIndex, type KbEntry } from '../../server/nlp/retrieval/index.ts';
import {
  fitRanker,
  probabilities,
  type RankRecord,
  type Ranker,
} from '../../server/nlp/retrieval/ranker.ts';
import { DATA_DIR } from './cs-data.ts';
import { banking77 } from './datasets.ts';

/** One entry per label, its first `n` rows as question + similar questions. */
export function kbFromRows(rows: TrainRow[], n = 10): KbEntry[] {
  const byLabel = new Map<string, string[]>();
  for (const r of rows) byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), r.text]);
  return [...byLabel].map(([label, qs]) => ({
    id: label,
    question: qs[0],
    similar_questions: qs.slice(1, n),
    answer: '',
  }));
}

/**
 * Records for KBs WITHOUT paraphrases (one question per entry), where cross-validation is impossible:
 * the KB holds each label's first question; the label's next `perLabel` training questions are the
 * queries; every 8th label is left out of the KB and its questions play out-of-scope (weight 0.5).
 */
export function singleQuestionRecords(rows: TrainRow[], perLabel = 10): RankRecord[] {
  const byLabel = new Map<string, string[]>();
  for (const r of rows) byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), r.text]);
  const labels = [...byLabel.keys()].sort();
  const out = new Set(labels.filter((_, i) => i % 8 === 5));
  const kb = labels
    .filter((l) => !out.has(l))
    .map((l) => ({ id: l, question: byLabel.get(l)![0], answer: '' }));
  const index = buildIndex(kb, { calibrate: false });
  const pos = new Map(kb.map((e, i) => [e.id, i]));
  return labels.flatMap((l) =>
    byLabel
      .get(l)!
      .slice(1, 1 + perLabel)
      .map((text) => {
        const pool = poolWithFeatures(index, text);
        const gold = out.has(l) ? -1 : pool.findIndex((c) => c.entry === pos.get(l));
        return { feats: pool.map((c) => c.f), gold, weight: out.has(l) ? 0.5 : 1 };
      }),
  );
}

/** Answer threshold: the lowest top-probability whose answers keep the CV wrong rate ≤ `maxWrong`. */
export function pickThreshold(
  records: RankRecord[],
  rankers: Ranker[],
  maxWrong: number,
): { threshold: number; correct: number; wrong: number } {
  const tops = records
    .map((rec, i) => {
      const { p } = probabilities(rankers[i], rec.feats);
      let b = 0;
      p.forEach((x, j) => {
        if (x > p[b]) b = j;
      });
      return { p: p[b] ?? 0, ok: rec.gold >= 0 && b === rec.gold, w: rec.weight };
    })
    .sort((a, b) => b.p - a.p);
  const total = tops.reduce((a, t) => a + t.w, 0);
  let c = 0,
    w = 0,
    best = { threshold: 1, correct: 0, wrong: 0 };
  for (const t of tops) {
    if (t.ok) c += t.w;
    else w += t.w;
    if (w / total <= maxWrong) best = { threshold: t.p, correct: c / total, wrong: w / total };
  }
  return { ...best, threshold: Math.ceil(best.threshold * 100) / 100 };
}

/** Fixed starting point and L2 anchor of every fit, so re-running the script gives the same numbers. */
const START: Record<'learned' | 'lexical', Ranker> = {
  learned: {
    w: [3, 2, 2, 1, 3, 1, 2, 2, 0, 0.5, 0.3, 0.3, 0.3, 0.3, 2, 2, 1, 0.5],
    none: 2.5,
    source: 'default',
  },
  lexical: {
    w: [0, 0, 3, 1.5, 4, 1.5, 2.5, 2.5, 0, 0, 0.3, 0.3, 0.5, 0.5, 0, 2, 2, 0.5],
    none: 2.5,
    source: 'default',
  },
};

function main(args: string[]): void {
  const i = args.indexOf('--datasets');
  const dir = resolve(i >= 0 ? args[i + 1] : '../shared/datasets');
  const own = parseCsv(readFileSync(`${DATA_DIR}ecommerce-intents.csv`, 'utf8'))
    .slice(1)
    .map(([text, label]) => ({ text, label }))
    .filter((r) => r.label !== 'oos');
  const bank = banking77(dir, 'train');
  const kbs = [kbFromRows(bank), kbFromRows(own)];
  const out: Record<string, unknown> = {};
  const thresholds: number[] = [];
  const regime = (name: string, records: RankRecord[], prior: Ranker) => {
    const fitted = fitRanker(records, { prior, l2: 0.0005 });
    const t = pickThreshold(
      records,
      records.map(() => fitted),
      0.035,
    );
    out[name] = { w: fitted.w, none: fitted.none, records: records.length, threshold: t };
    thresholds.push(t.threshold);
  };
  regime(
    'learned',
    kbs.flatMap((kb) => crossValidationRecords(kb, { learn: true }, { maxQueries: 2000 })),
    START.learned,
  );
  regime(
    'lexical',
    kbs.flatMap((kb) => crossValidationRecords(kb, { learn: false }, { maxQueries: 2000 })),
    START.lexical,
  );
  regime('single', [...singleQuestionRecords(bank), ...singleQuestionRecords(own)], START.lexical);
  // The most conservative regime decides: ≤ 3.5 % wrong answers in each.
  out.threshold = Math.max(...thresholds);
  process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
