/** Subjects: the topic with reply/forward prefixes and ticket tags removed, forwards recognised. */

/** Reply prefixes of common clients and languages: Re, Aw (de), Sv (nordic), Antw (nl), 回复/答复/回覆. */
const REPLY = '(?:re|aw|sv|antw|ref|odp|vs|回复|答复|回覆)';
/** Forward prefixes: Fwd, Fw, WG (de), TR (fr), Doorst (nl), 转发/轉寄/转寄. */
const FORWARD = '(?:fwd?|wg|tr|doorst|rv|enc|转发|轉寄|转寄|轉發)';
const PREFIX = new RegExp(
  String.raw`^\s*(?:(?:${REPLY}|${FORWARD})\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*|\[[^\]]{0,40}\]\s*)`,
  'i',
);
const FORWARD_PREFIX = new RegExp(String.raw`^\s*${FORWARD}\s*(?:\[\d+\])?\s*[:：]`, 'i');
const REPLY_PREFIX = new RegExp(String.raw`^\s*${REPLY}\s*(?:\[\d+\])?\s*[:：]`, 'i');

/** `RE: Fwd: [Ticket #12] Order  late` → `order late`. */
export function normalizeSubject(subject: string | null | undefined): string {
  let s = (subject ?? '').replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 10; i++) {
    const next = s.replace(PREFIX, '');
    if (next === s) break;
    s = next;
  }
  return s.trim().toLowerCase();
}

export function isForwardSubject(subject: string | null | undefined): boolean {
  return FORWARD_PREFIX.test(subject ?? '');
}

export function isReplySubject(subject: string | null | undefined): boolean {
  return REPLY_PREFIX.test(subject ?? '');
}

/**
 * Whether a reply's subject still names the topic of the mail it answers: equal once normalised,
 * or either side empty (nothing to compare). A customer who edits the subject of a reply to start
 * another topic gets a new conversation.
 */
export function sameTopic(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = normalizeSubject(a);
  const y = normalizeSubject(b);
  return !x || !y || x === y;
}
