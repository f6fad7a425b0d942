/** The idempotency key of an inbound mail: its Message-ID, or a hash of Date+From+Subject. */
import { createHash } from 'node:crypto';

export interface DedupeInput {
  messageId?: string | null;
  date?: string | null;
  from?: string | null;
  subject?: string | null;
}

export function dedupeKey(m: DedupeInput): string {
  const id = (m.messageId ?? '').trim().replace(/^<+/, '').replace(/>+$/, '').trim().toLowerCase();
  if (id) return `mid:${id}`;
  const basis = [m.date ?? '', (m.from ?? '').toLowerCase(), m.subject ?? '']
    .map((s) => s.trim())
    .join('\n');
  return `hash:${createHash('sha256').update(basis).digest('hex').slice(0, 40)}`;
}
