import { describe, expect, it } from 'vitest';
import { parseCsv, parseLabelledCsv, toCsv } from './csv.ts';

describe('csv', () => {
  it('handles quotes, commas, newlines, CRLF and BOM', () => {
    const rows = parseCsv('\ufefftext,label\r\n"hello, ""you""",a\r\n"multi\nline",b\nplain,c');
    expect(rows).toEqual([['text', 'label'], ['hello, "you"', 'a'], ['multi\nline', 'b'], ['plain', 'c']]);
  });
  it('round-trips through toCsv', () => {
    const rows = [['text', 'label'], ['a,b', 'x'], ['say "hi"', 'y'], ['line\nbreak', 'z']];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });
  it('finds text/label columns by name', () => {
    expect(parseLabelledCsv('category,text\nrefund,where is my money\n')).toEqual([{ text: 'where is my money', label: 'refund' }]);
    expect(parseLabelledCsv('text,category\nhi,greeting\n,empty\n')).toEqual([{ text: 'hi', label: 'greeting' }]);
  });
});
