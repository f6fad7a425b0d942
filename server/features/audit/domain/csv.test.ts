import { describe, expect, it } from 'vitest';
import { csvCell } from './csv.ts';

describe('CSV cells', () => {
  it('quotes every cell and defuses formulas', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    for (const f of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
      expect(csvCell(f)).toBe(`"'${f}"`);
  });
});
