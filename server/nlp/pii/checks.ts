/**
 * Check digits and shapes the redaction detectors confirm a candidate with (pure, no patterns):
 * card brand prefixes + Luhn, the Chinese resident ID's date and GB 11643 check digit, IBAN mod-97.
 */
import { luhnValid, validChineseId } from './pii.ts';

/** Issuer prefixes (ISO/IEC 7812 ranges of the common brands) and their lengths. */
const BRANDS: Array<{ name: string; test: (d: string) => boolean; lengths: [number, number] }> = [
  { name: 'visa', test: (d) => d[0] === '4', lengths: [13, 19] },
  {
    name: 'mastercard',
    test: (d) => inRange(d, 2, 51, 55) || inRange(d, 4, 2221, 2720),
    lengths: [16, 16],
  },
  { name: 'amex', test: (d) => d.startsWith('34') || d.startsWith('37'), lengths: [15, 15] },
  { name: 'unionpay', test: (d) => d.startsWith('62') || d.startsWith('81'), lengths: [16, 19] },
  {
    name: 'discover',
    test: (d) => d.startsWith('6011') || d.startsWith('65') || inRange(d, 3, 644, 649),
    lengths: [16, 19],
  },
  { name: 'jcb', test: (d) => inRange(d, 4, 3528, 3589), lengths: [16, 19] },
  {
    name: 'diners',
    test: (d) => d.startsWith('36') || d.startsWith('38') || inRange(d, 3, 300, 305),
    lengths: [14, 19],
  },
  {
    name: 'maestro',
    test: (d) => d.startsWith('50') || inRange(d, 2, 56, 58) || d.startsWith('6759'),
    lengths: [12, 19],
  },
];

function inRange(d: string, n: number, lo: number, hi: number): boolean {
  const v = Number(d.slice(0, n));
  return v >= lo && v <= hi;
}

/** The brand of a card number (digits only) when its prefix, length and Luhn digit agree. */
export function cardBrand(digits: string): string | null {
  if (digits.length < 12 || digits.length > 19 || !luhnOk(digits)) return null;
  const b = BRANDS.find((x) => x.test(digits));
  if (!b || digits.length < b.lengths[0] || digits.length > b.lengths[1]) return null;
  return b.name;
}

/** Luhn at any length (the NLP module's `luhnValid` starts at 13). */
function luhnOk(digits: string): boolean {
  return luhnValid(digits.padStart(13, '0')); // leading zeros keep the sum
}

/** An 18-character resident ID: valid birth date (1900 to this year) and check digit. */
export function validResidentId(id: string, now = new Date()): boolean {
  if (!validChineseId(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1900 || y > now.getUTCFullYear()) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d && date.getTime() <= now.getTime();
}

/** IBAN lengths of the registry's countries (SWIFT IBAN registry): a shape of any other country is not one. */
const IBAN_LENGTHS: Record<string, number> = Object.fromEntries(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 ' +
    'EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 ' +
    'KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 ' +
    'PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20'
  )
    .split(' ')
    .map((e) => [e.slice(0, 2), Number(e.slice(2))]),
);

/** ISO 13616: a registry country, its length, and mod-97 over the IBAN without spaces. */
export function validIban(raw: string): boolean {
  const s = raw.replace(/ /g, '').toUpperCase();
  if (IBAN_LENGTHS[s.slice(0, 2)] !== s.length || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const v = code >= 65 ? String(code - 55) : ch;
    for (const digit of v) rest = (rest * 10 + Number(digit)) % 97;
  }
  return rest === 1;
}

/** The check digit that makes the first 17 characters a valid resident ID (for tests and fixtures). */
export function residentIdCheckDigit(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i];
  return '10X98765432'[sum % 11];
}

/** The Luhn digit that completes `body` (for tests and fixtures). */
export function luhnCheckDigit(body: string): string {
  for (let d = 0; d < 10; d++) if (luhnOk(`${body}${d}`)) return String(d);
  return '0';
}
