/**
 * Converts the public datasets into the CSV / JSONL inputs of `kefu ai eval …` under .tmp/ (git-ignored).
 * Usage: node --import tsx scripts/ai/convert.ts [--datasets ../shared/datasets] [--out .tmp/ai]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toCsv } from '../../server/ai/data/csv.ts';
import type { TrainRow } from '../../server/ai/linear/train.ts';
import { banking77, chnSentiCorp, goEmotionsEkman, goEmotionsSentiment, smp2020 } from './datasets.ts';

const csv = (rows: TrainRow[]) => toCsv([['text', 'label'], ...rows.map((r) => [r.text, r.label])]);

/** BANKING77 as a KB: one entry per intent, its first ten training questions as question + similar questions. */
export function bankingKb(train: TrainRow[]): string {
  const byLabel = new Map<string, string[]>();
  for (const r of train) byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), r.text]);
  return [...byLabel].map(([label, qs]) => JSON.stringify({
    id: label, question: qs[0], similar_questions: qs.slice(1, 10), answer: `[answer for ${label}]`,
  })).join('\n') + '\n';
}

export function convert(args: string[]): void {
  const get = (n: string, d: string) => { const i = args.indexOf(n); return i >= 0 && args[i + 1] ? args[i + 1] : d; };
  const dir = resolve(get('--datasets', '../shared/datasets'));
  const out = resolve(get('--out', '.tmp/ai'));
  mkdirSync(out, { recursive: true });
  const train = banking77(dir, 'train');
  const files: Record<string, string> = {
    'banking77-train.csv': csv(train),
    'banking77-test.csv': csv(banking77(dir, 'test')),
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
