/**
 * The redaction detectors (features/redaction masks what they find at ingest and in stored history):
 * cards, Chinese resident IDs, phone numbers (Chinese mobiles, +CC numbers, Chinese landlines),
 * emails, IBANs and secrets (API keys of common shapes, JWTs, "password: …" / "密码是…" phrases).
 *
 * Every pattern runs on RE2 (`re2js`): matching time is linear in the input whatever it holds.
 * RE2 has no lookarounds, so word boundaries are checked in code on the characters around a match.
 * A candidate counts only when its check passes (Luhn + brand prefix, ID date + mod-11, mod-97).
 * `mayContainPii` is the cheap first test: text without a digit, an `@` or a secret keyword has
 * nothing for any detector, and most chat messages stop there.
 */
import { RE2JS } from 're2js';
import { cardBrand, validIban, validResidentId } from './checks.ts';

export type RedactType = 'card' | 'id_number' | 'phone' | 'email' | 'iban' | 'secret';
export const REDACT_TYPES: readonly RedactType[] = [
  'card',
  'id_number',
  'phone',
  'email',
  'iban',
  'secret',
];

export interface Detection {
  type: RedactType;
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
  value: string;
}

/** Plain JS regex without quantifiers: linear, and cheaper than any detector. */
const QUICK =
  /[0-9@]|密码|口令|验证码|pass|pwd|sk[-_]|akia|asia|gh[pousr]_|github_pat|xox|eyj|aiza/i;

/** False when no detector can match (no digit, no @, no secret keyword): the common case. */
export function mayContainPii(text: string): boolean {
  return QUICK.test(text);
}

interface Detector {
  type: RedactType;
  /** A JS regex without quantified groups (linear): what every match contains; no hint, no scan. */
  hint: RegExp;
  re: RE2JS;
  /** The capture group that is the value (the password after "password:"); 0 = whole match. */
  group?: number;
  /** Characters that may not touch the match on the left / right (word boundaries). */
  left?: RegExp;
  right?: RegExp;
  ok?: (value: string, text: string, start: number) => boolean;
  /** A refused match may be shortened at its last separator (grouped card numbers). */
  shorter?: boolean;
}

const I = RE2JS.CASE_INSENSITIVE;
const c = (src: string, flags = 0) => RE2JS.compile(src, flags);
const ALNUM = /[0-9A-Za-z]/;
const ALNUM_PLUS = /[0-9A-Za-z+]/;
const WORD = /[0-9A-Za-z_-]/;
const digitsOf = (s: string) => s.replace(/\D/g, '');

/** Order, tracking and waybill numbers are named before they are typed: no card right after these. */
const NOT_A_CARD_BEFORE =
  /(?:订单|单号|编号|运单|快递|物流|工单|发票|(?:order|tracking|waybill|invoice|ref)(?:\s{0,2}(?:number|no\.?|id|#))?)\W{0,3}$/i;

/**
 * The value after "password is" / "密码是" looks like one: a digit, a symbol or mixed case ("the
 * password is wrong", "密码是多少" are not), and not already a mask (redacting twice changes nothing).
 */
const passwordLike = (v: string) =>
  !v.startsWith('[') &&
  (/[0-9]/.test(v) || /[^\p{L}]/u.test(v) || (/[a-z]/.test(v) && /[A-Z]/.test(v)));

function oneSeparator(value: string): boolean {
  return !(value.includes(' ') && value.includes('-'));
}

const DETECTORS: Detector[] = [
  // secrets first: their characters would otherwise look like other things
  {
    type: 'secret',
    hint: /sk-/,
    re: c('sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,200}'),
    left: WORD,
    right: WORD,
  },
  {
    type: 'secret',
    hint: /[sr]k_(?:live|test)_/,
    re: c('[sr]k_(?:live|test)_[A-Za-z0-9]{16,200}'),
    left: WORD,
    right: WORD,
  },
  {
    type: 'secret',
    hint: /AKIA|ASIA/,
    re: c('(?:AKIA|ASIA)[0-9A-Z]{16}'),
    left: ALNUM,
    right: ALNUM,
  },
  {
    type: 'secret',
    hint: /gh[pousr]_/,
    re: c('gh[pousr]_[A-Za-z0-9]{30,255}'),
    left: WORD,
    right: WORD,
  },
  {
    type: 'secret',
    hint: /github_pat_/,
    re: c('github_pat_[A-Za-z0-9_]{22,255}'),
    left: WORD,
    right: WORD,
  },
  {
    type: 'secret',
    hint: /xox[abposr]-/,
    re: c('xox[abposr]-[A-Za-z0-9-]{10,200}'),
    left: WORD,
    right: WORD,
  },
  { type: 'secret', hint: /AIza/, re: c('AIza[0-9A-Za-z_-]{35}'), left: WORD, right: WORD },
  {
    type: 'secret',
    hint: /eyJ/,
    re: c('eyJ[A-Za-z0-9_-]{5,1000}\\.eyJ[A-Za-z0-9_-]{5,1000}\\.[A-Za-z0-9_-]{10,1000}'),
    left: WORD,
    right: WORD,
  },
  {
    type: 'secret',
    hint: /pass|pwd|pin/i,
    re: c(
      '\\b(?:password|passwd|pwd|passcode|pin)\\s{0,3}(?:is\\s{1,3}|[:=：]\\s{0,3})(\\S{3,100})',
      I,
    ),
    group: 1,
    ok: passwordLike,
  },
  {
    type: 'secret',
    hint: /密码|口令|验证码/,
    re: c('(?:密码|口令|验证码)\\s{0,3}(?:是|为|[:=：])\\s{0,3}([^\\s，。,;；！!]{3,100})'),
    group: 1,
    ok: passwordLike,
  },
  {
    type: 'email',
    hint: /@/,
    re: c(
      '[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}',
    ),
    left: /[A-Za-z0-9._%+-]/,
    right: /[A-Za-z0-9-]/,
  },
  {
    type: 'iban',
    hint: /[A-Z]{2}\d{2}/,
    re: c('[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?'),
    left: ALNUM,
    right: ALNUM,
    ok: (v) => validIban(v),
  },
  {
    type: 'id_number',
    hint: /\d{17}/,
    re: c('[1-9][0-9]{16}[0-9Xx]'),
    left: ALNUM,
    right: ALNUM,
    ok: (v) => validResidentId(v),
  },
  {
    type: 'card',
    hint: /\d{4}/,
    shorter: true,
    re: c('[0-9](?:[ -]?[0-9]){11,18}'),
    left: /[0-9A-Za-z+.-]/,
    right: /[0-9A-Za-z]/,
    ok: (v, text, start) =>
      oneSeparator(v) &&
      cardBrand(digitsOf(v)) !== null &&
      !NOT_A_CARD_BEFORE.test(text.slice(Math.max(0, start - 16), start)),
  },
  {
    type: 'phone', // Chinese mobile, with or without +86 / 0086, grouped 3-4-4
    hint: /1[3-9]\d/,
    re: c('(?:(?:\\+|00)86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}'),
    left: ALNUM_PLUS,
    right: ALNUM,
  },
  {
    type: 'phone', // any +CC number: 8–15 digits
    hint: /\+|00/,
    re: c(
      '(?:\\+|00)[1-9][0-9]{0,2}[ -]?(?:\\([0-9]{1,4}\\)[ -]?)?[0-9]{1,4}(?:[ -]?[0-9]{2,4}){1,4}',
    ),
    left: ALNUM_PLUS,
    right: ALNUM,
    ok: (v) => digitsOf(v).length >= 8 && digitsOf(v).length <= 15,
  },
  {
    type: 'phone', // Chinese landline: 0AA-NNNNNNNN / 0AAA-NNNNNNN
    hint: /0\d{2,3}-/,
    re: c('0[1-9][0-9]{1,2}-[2-9][0-9]{6,7}'),
    left: ALNUM,
    right: ALNUM,
  },
];

function touches(ch: string | undefined, re: RegExp | undefined): boolean {
  return !!ch && !!re && re.test(ch);
}

/**
 * A value the detector accepts in the match [start, end): the whole match, or (grouped numbers that
 * ran on into the next number, `4111 1111 1111 1111 2023`) the longest part ending at a separator.
 */
function accepted(text: string, d: Detector, start: number, end: number): number | null {
  for (let e = end; e > start; ) {
    const value = text.slice(start, e);
    if (!touches(text[e], d.right) && (!d.ok || d.ok(value, text, start))) return e;
    if (!d.shorter) return null;
    const cut = Math.max(value.lastIndexOf(' '), value.lastIndexOf('-'));
    if (cut <= 0) return null;
    e = start + cut;
  }
  return null;
}

/**
 * Every accepted match, left to right. A refused match (inside a longer word, a failed check) is
 * searched again from its second character, so a value right after it is still found: the text
 * is searched at most (pattern length) times over, still linear in the input.
 */
function scan(text: string, d: Detector, out: Detection[]): void {
  if (!d.hint.test(text)) return; // RE2 in JavaScript is dear: most detectors have nothing to find
  const m = d.re.matcher(text);
  const g = d.group ?? 0;
  let pos = 0;
  while (pos <= text.length && m.find(pos)) {
    const [whole, wholeEnd, start] = [m.start(), m.end(), m.start(g)];
    let end: number | null = null;
    if (touches(text[whole - 1], d.left)) end = null;
    else if (!g) end = accepted(text, d, start, wholeEnd);
    else if (
      !touches(text[wholeEnd], d.right) &&
      (!d.ok || d.ok(text.slice(start, m.end(g)), text, start))
    )
      end = m.end(g);
    if (end === null) {
      pos = whole + 1;
      continue;
    }
    out.push({ type: d.type, start, end, value: text.slice(start, end) });
    pos = g ? wholeEnd : end;
  }
}

export const MAX_SCAN = 20_000;

/**
 * What the detectors find in `text` (the first MAX_SCAN characters), non-overlapping, by position.
 * Earlier detectors win an overlap (secrets, then emails, IBANs, IDs, cards, phones).
 */
export function detectPii(text: string, types?: ReadonlySet<RedactType>): Detection[] {
  if (!mayContainPii(text)) return [];
  const input = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  const found: Detection[] = [];
  for (const d of DETECTORS) if (!types || types.has(d.type)) scan(input, d, found);
  const taken: Detection[] = [];
  for (const f of found) if (!taken.some((t) => f.start < t.end && t.start < f.end)) taken.push(f);
  return taken.sort((a, b) => a.start - b.start);
}

/** The part of a value a mask keeps: a card's first 6 and last 4 digits, nothing of anything else. */
export function keptPart(d: Detection): string {
  if (d.type !== 'card') return '';
  const digits = digitsOf(d.value);
  return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;
}

/**
 * Replaces every detection with `mask(detection)`; returns the new text and what was replaced.
 * Masked text has nothing left for the detectors: redacting twice changes nothing.
 */
export function redactText(
  text: string,
  mask: (d: Detection) => string,
  types?: ReadonlySet<RedactType>,
): { text: string; found: Detection[] } {
  const found = detectPii(text, types);
  if (!found.length) return { text, found };
  let out = '';
  let pos = 0;
  for (const d of found) {
    out += text.slice(pos, d.start) + mask(d);
    pos = d.end;
  }
  return { text: out + text.slice(pos), found };
}
