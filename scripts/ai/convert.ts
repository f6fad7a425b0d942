/**
 * Converts the public datasets into the CSV / JSONL inputs of `kefu ai eval …` under .tmp/ (git-ignored).
 * Usage: node --import tsx scripts/ai/convert.ts [--datasets ../shared/datasets] [--out .tmp/ai]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toCsv } from '../../server/nlp/data/csv.ts';
import type { TrainRow } from '../../server/nlp/linear/train.ts';
import {
  banking77,
  chnSentiCorp,
  goEmotionsEkman,
  goEmotionsSentiment,
  smp2019,
  smp2020,
} from './datasets.ts';

const csv = (rows: TrainRow[]) => toCsv([['text', 'label'], ...rows.map((r) => [r.text, r.label])]);

/** BANKING77 as a KB: one entry per intent, its first ten training questions as question + similar questions. */
export function bankingKb(train: TrainRow[]): string {
  const byLabel = new Map<string, string[]>();
  for (const r of train) byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), r.text]);
  return `${[...byLabel]
    .map(([label, qs]) =>
      JSON.stringify({
        id: label,
        question: qs[0],
        similar_questions: qs.slice(1, 10),
        answer: `[answer for ${label}]`,
      }),
    )
    .join('\n')}\n`;
}

function groupByLabel(rows: TrainRow[]): Map<string, string[]> {
  const byLabel = new Map<string, string[]>();
  for (const r of rows) byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), r.text]);
  return byLabel;
}

const kbLine = (id: string, qs: string[]) =>
  JSON.stringify({
    id,
    question: qs[0],
    similar_questions: qs.slice(1, 10),
    answer: `[answer for ${id}]`,
  });

/**
 * BANKING77 with out-of-scope requests: every 8th intent (sorted) is left out of the KB and its test
 * questions are labelled `oos` (an answer to them is wrong).
 */
export function bankingOos(train: TrainRow[], test: TrainRow[]): { kb: string; test: TrainRow[] } {
  const labels = [...new Set(train.map((r) => r.label))].sort();
  const out = new Set(labels.filter((_, i) => i % 8 === 3));
  const kb = `${[...groupByLabel(train)]
    .filter(([l]) => !out.has(l))
    .map(([l, qs]) => kbLine(l, qs))
    .join('\n')}\n`;
  return { kb, test: test.map((r) => (out.has(r.label) ? { text: r.text, label: 'oos' } : r)) };
}

/** Seeded Fisher–Yates shuffle (LCG), so the split is reproducible. */
function shuffled<T>(xs: T[], seed: number): T[] {
  const a = [...xs];
  let s = seed >>> 0;
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = Math.floor((s / 2 ** 32) * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/**
 * SMP2019-ECDT (Chinese, no public test set) as an FAQ set: per domain.intent a seeded 70/30 split;
 * the KB entry holds the first ten questions of the 70 % part; labels with fewer than 5 rows stay out
 * of the KB and their questions are test rows labelled `oos`.
 */
export function smpFaq(rows: TrainRow[]): { kb: string; test: TrainRow[]; dev: TrainRow[] } {
  const kb: string[] = [];
  const test: TrainRow[] = [];
  const dev: TrainRow[] = [];
  for (const [label, qs0] of [...groupByLabel(rows)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (qs0.length < 5) {
      test.push(...qs0.map((text) => ({ text, label: 'oos' })));
      continue;
    }
    const qs = shuffled(qs0, 7);
    const cut = Math.ceil(qs.length * 0.7);
    kb.push(kbLine(label, qs.slice(0, cut)));
    dev.push(...qs.slice(10, cut).map((text) => ({ text, label })));
    test.push(...qs.slice(cut).map((text) => ({ text, label })));
  }
  return { kb: `${kb.join('\n')}\n`, test, dev };
}

export function convert(args: string[]): void {
  const get = (n: string, d: string) => {
    const i = args.indexOf(n);
    return i >= 0 && args[i + 1] ? args[i + 1] : d;
  };
  const dir = resolve(get('--datasets', '../shared/datasets'));
  const out = resolve(get('--out', '.tmp/ai'));
  mkdirSync(out, { recursive: true });
  const train = banking77(dir, 'train');
  const test = banking77(dir, 'test');
  const oos = bankingOos(train, test);
  const smp = smpFaq(smp2019(dir));
  const files: Record<string, string> = {
    'banking77-oos-kb.jsonl': oos.kb,
    'banking77-oos-test.csv': csv(oos.test),
    'smp2019-faq-kb.jsonl': smp.kb,
    'smp2019-faq-test.csv': csv(smp.test),
    'smp2019-faq-dev.csv': csv(smp.dev),
    'banking77-train.csv': csv(train),
    'banking77-test.csv': csv(test),
    'banking77-kb.jsonl': bankingKb(train),
    'chnsenticorp-test.csv': csv(chnSentiCorp(dir, 'test')),
    'smp2020-usual-test.csv': csv(smp2020(dir, 'test')),
    'goemotions-ekman-test.csv': csv(goEmotionsEkman(dir, 'test')),
    'goemotions-sentiment-test.csv': csv(goEmotionsSentiment(dir, 'test')),
  };
  for (const [name, body] of Object.entries(files)) writeFileSync(join(out, name), body);
  process.stderr.write(`wrote ${Object.keys(files).length} files to ${out}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) convert(process.argv.slice(2));
