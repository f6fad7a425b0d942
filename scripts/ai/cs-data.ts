/** Our own customer-service phrasings (scripts/ai/data/*.csv), written for this project (MIT). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../server/nlp/data/csv.ts';
import type { TrainRow } from '../../server/nlp/linear/train.ts';

export const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

export function csAffect(column: 'emotion' | 'sentiment', weight: number): TrainRow[] {
  const [header, ...rows] = parseCsv(readFileSync(`${DATA_DIR}cs-affect.csv`, 'utf8'));
  const col = header.indexOf(column);
  return rows.map((r) => ({ text: r[0], label: r[col], weight }));
}

/**
 * The e-commerce intent examples as affect data: customer-service questions are neutral (complaints
 * angry/negative, thanks happy/positive). Counters the review-heavy zh sentiment data.
 */
export function csIntentAffect(column: 'emotion' | 'sentiment', weight: number): TrainRow[] {
  const [, ...rows] = parseCsv(readFileSync(`${DATA_DIR}ecommerce-intents.csv`, 'utf8'));
  const map: Record<string, [string, string]> = {
    complaint: ['angry', 'negative'],
    greeting_thanks: ['', ''],
    oos: ['', ''],
  };
  return rows
    .map(([text, label]) => ({ text, pair: map[label] ?? ['neutral', 'neutral'] }))
    .filter((r) => r.pair[0] !== '')
    .map((r) => ({ text: r.text, label: column === 'emotion' ? r.pair[0] : r.pair[1], weight }));
}
