/** Our own customer-service phrasings (scripts/ai/data/*.csv), written for this project (MIT). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../server/ai/data/csv.ts';
import type { TrainRow } from '../../server/ai/linear/train.ts';

export const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

export function csAffect(column: 'emotion' | 'sentiment', weight: number): TrainRow[] {
  const [header, ...rows] = parseCsv(readFileSync(`${DATA_DIR}cs-affect.csv`, 'utf8'));
  const col = header.indexOf(column);
  return rows.map((r) => ({ text: r[0], label: r[col], weight }));
}
