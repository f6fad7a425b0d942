/**
 * Pure rules for the threading headers of an outgoing mail (RFC 5322): the Message-ID Kefu gives a
 * message, In-Reply-To, the References chain (capped), and a stable reply subject.
 */

/** References keep the first id of the thread and the newest ones: at most this many in all. */
export const REFERENCES_CAP = 21;

/** `abc@host` or `<abc@host>` → `<abc@host>`. */
export function bracket(id: string): string {
  const bare = id.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
  return `<${bare}>`;
}

/** The domain of an address (`support@shop.example` → `shop.example`), lower-cased. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return (at >= 0 ? address.slice(at + 1) : address).trim().toLowerCase();
}

/** The RFC 5322 Message-ID of a Kefu message: stable, so every attempt sends the same id. */
export function messageIdFor(kefuMessageId: string, fromAddress: string): string {
  return `<kefu-${kefuMessageId.toLowerCase()}@${domainOf(fromAddress)}>`;
}

/** The thread's ids, oldest first (normalised, no brackets) → References: the first and the newest. */
export function referencesOf(chain: readonly string[], cap = REFERENCES_CAP): string[] {
  const unique = [...new Set(chain.filter(Boolean))];
  if (unique.length <= cap) return unique.map(bracket);
  return [unique[0], ...unique.slice(-(cap - 1))].map(bracket);
}

/** Reply prefixes of common mail clients (English, German, Nordic, Dutch, Chinese), repeated or numbered. */
const REPLY_PREFIX = /^\s*(?:(?:re|aw|sv|antw|回复|答复)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+/i;

/** `Re: <original>` once, whatever prefixes the original already had; `fallback` when it is empty. */
export function replySubject(original: string | null | undefined, fallback: string): string {
  const stripped = (original ?? '')
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(REPLY_PREFIX, '')
    .trim();
  return `Re: ${stripped || fallback}`;
}

/** A subject line a person typed: one line, trimmed. */
export function cleanSubject(subject: string): string {
  return subject.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

export interface ThreadHeadersInput {
  /** The thread's Message-IDs, oldest first (in and out), without this mail's own. */
  chain: readonly string[];
  /** The customer's last mail's Message-ID, if they ever wrote. */
  customerLast: string | null;
}

/**
 * In-Reply-To: the customer's last mail (else the thread's newest). References: the thread with
 * that parent last (RFC 5322 3.6.4: the parent's references, then the parent), capped.
 */
export function threadHeaders(t: ThreadHeadersInput): {
  inReplyTo: string | null;
  references: string[];
} {
  const parent = t.customerLast ?? t.chain.at(-1) ?? null;
  if (!parent) return { inReplyTo: null, references: [] };
  const chain = [...t.chain.filter((id) => id !== parent), parent];
  return { inReplyTo: bracket(parent), references: referencesOf(chain) };
}
