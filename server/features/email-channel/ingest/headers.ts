/**
 * The few headers the idempotency key needs, read from the raw header block without a full parse:
 * a mail that fails to parse is still recorded (and counted) under its key.
 */
import { dedupeKey } from '../domain/dedupe.ts';

const MAX_HEAD = 256 * 1024;

export function quickHeaders(raw: Buffer): Map<string, string> {
  const text = raw.subarray(0, MAX_HEAD).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = (end >= 0 ? text.slice(0, end) : text).replace(/\r?\n[ \t]+/g, ' ');
  const out = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!out.has(name)) out.set(name, line.slice(colon + 1).trim());
  }
  return out;
}

/** The mail's key: its Message-ID, else a hash of Date+From+Subject (as written). */
export function rawDedupeKey(raw: Buffer): string {
  const h = quickHeaders(raw);
  return dedupeKey({
    messageId: /<[^<>]+>/.exec(h.get('message-id') ?? '')?.[0] ?? h.get('message-id') ?? null,
    date: h.get('date') ?? null,
    from: h.get('from') ?? null,
    subject: h.get('subject') ?? null,
  });
}
