export type PiiType = 'email' | 'id_card' | 'bank_card' | 'phone';

export interface PiiSpan {
  type: PiiType;
  start: number;
  end: number;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const ID_CARD =
  /(?<![0-9A-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;
const BANK_CARD = /(?<![\d-])(?:\d{4}[ -]?){3}\d{1,7}(?![\d-])|(?<!\d)\d{13,19}(?!\d)/g;
const CN_MOBILE = /(?<![\d+])(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g;
const INTL_PHONE = /(?<![\d+])(?:\+|00)[1-9]\d{0,2}[ -]?\(?\d{1,4}\)?(?:[ -]?\d{2,4}){1,4}(?!\d)/g;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 checksum of an 18-character Chinese resident ID number. */
export function validChineseId(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11] === id[17].toUpperCase();
}

/** Luhn checksum (bank cards). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

function collect(text: string, re: RegExp, type: PiiType, ok: (m: string) => boolean): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(re))
    if (ok(m[0])) out.push({ type, start: m.index!, end: m.index! + m[0].length });
  return out;
}

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** PII spans (UTF-16 offsets, end exclusive), non-overlapping, sorted by start. */
export function findPii(text: string): PiiSpan[] {
  const candidates = [
    ...collect(text, EMAIL, 'email', () => true),
    ...collect(text, ID_CARD, 'id_card', validChineseId),
    ...collect(text, BANK_CARD, 'bank_card', (m) => {
      const d = digitsOf(m);
      return d.length >= 13 && d.length <= 19 && luhnValid(d);
    }),
    ...collect(text, CN_MOBILE, 'phone', () => true),
    ...collect(text, INTL_PHONE, 'phone', (m) => {
      const n = digitsOf(m).length;
      return n >= 8 && n <= 15;
    }),
  ];
  const taken: PiiSpan[] = [];
  for (const c of candidates) {
    if (!taken.some((t) => c.start < t.end && t.start < c.end)) taken.push(c);
  }
  return taken.sort((a, b) => a.start - b.start);
}

export interface RedactOptions {
  /** 'tag' → "[phone]"; 'mask' → same-length "*" keeping the last 4 characters of numbers. */
  style?: 'tag' | 'mask';
}

function maskOf(span: string, type: PiiType): string {
  if (type === 'email') {
    const at = span.indexOf('@');
    return `${span[0]}${'*'.repeat(Math.max(at - 1, 0))}${span.slice(at)}`;
  }
  return span.slice(0, -4).replace(/[0-9A-Za-z]/g, '*') + span.slice(-4);
}

/** Replaces every PII span; returns the new text and the spans found in the original. */
export function redact(text: string, opts: RedactOptions = {}): { text: string; spans: PiiSpan[] } {
  const spans = findPii(text);
  let out = '';
  let pos = 0;
  for (const s of spans) {
    const piece = text.slice(s.start, s.end);
    out +=
      text.slice(pos, s.start) +
      ((opts.style ?? 'tag') === 'tag' ? `[${s.type}]` : maskOf(piece, s.type));
    pos = s.end;
  }
  return { text: out + text.slice(pos), spans };
}
