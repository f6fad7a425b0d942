/** The shipped demo e-commerce intent model (zh + en), from our own examples in data/ecommerce-intents.csv. */
import { readFileSync } from 'node:fs';
import { parseLabelledCsv } from '../../server/nlp/data/csv.ts';
import { trainIntent } from '../../server/nlp/intent/intent.ts';
import type { LinearModel } from '../../server/nlp/linear/model.ts';
import { DATA_DIR } from './cs-data.ts';

export function trainDefaultIntent(): LinearModel {
  const rows = parseLabelledCsv(readFileSync(`${DATA_DIR}ecommerce-intents.csv`, 'utf8'));
  const intent = trainIntent(rows, { oosLabel: 'oos', features: { bits: 18 } });
  intent.model.meta = {
    ...intent.model.meta,
    data: ['scripts/ai/data/ecommerce-intents.csv (own text, MIT)'],
  };
  return intent.model;
}
