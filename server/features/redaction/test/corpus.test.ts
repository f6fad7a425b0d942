/**
 * False positives and recall of the detectors, measured on test/fixtures/corpus.json (README reports
 * the numbers): nothing found in the negative corpus (order, tracking and waybill numbers, phone-like
 * ids, dates, amounts, 12–15-digit numbers that fail Luhn), every positive found as its type.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { luhnValid } from '../../../nlp/pii/pii.ts';
import { detectPii, REDACT_TYPES } from '../../../nlp/pii/detect.ts';

const corpus = JSON.parse(
  readFileSync(new URL('./fixtures/corpus.json', import.meta.url), 'utf8'),
) as {
  negative: string[];
  luhnFailing: string[];
  positive: Array<{ type: string; text: string; value: string }>;
};

describe('the detectors on the corpus', () => {
  it('the Luhn-failing numbers really fail Luhn (the corpus is what it says)', () => {
    for (const n of corpus.luhnFailing) {
      expect(n.length).toBeGreaterThanOrEqual(12);
      expect(n.length).toBeLessThanOrEqual(15);
      expect(luhnValid(n.padStart(13, '0'))).toBe(false);
    }
  });

  it('no false positive on the negative corpus', () => {
    const negatives = [
      ...corpus.negative,
      ...corpus.luhnFailing,
      ...corpus.luhnFailing.map((n) => `运单号 ${n} 到哪了`),
      ...corpus.luhnFailing.map((n) => `number ${n.replace(/(\d{4})(?=\d)/g, '$1 ')}`),
    ];
    const found = negatives.flatMap((t) =>
      detectPii(t).map((d) => `${d.type}: ${d.value} in "${t}"`),
    );
    expect(found).toEqual([]);
  });

  it('full recall on the positive corpus: each value found, as its type, and nothing else', () => {
    const missed: string[] = [];
    for (const p of corpus.positive) {
      const found = detectPii(p.text);
      if (found.length !== 1 || found[0].type !== p.type || found[0].value !== p.value)
        missed.push(`${p.type} ${p.value}: ${JSON.stringify(found)}`);
    }
    expect(missed).toEqual([]);
    for (const type of REDACT_TYPES)
      expect(corpus.positive.filter((p) => p.type === type).length).toBeGreaterThan(2);
  });
});
