/** Mail addresses: normalised forms, plus-addresses (`support+tag@…`), the inbox's own addresses. */

/** Lower-cased, trimmed, without angle brackets; empty when it is not an address. */
export function normalizeAddress(address: string | null | undefined): string {
  const a = (address ?? '').trim().replace(/^<+/, '').replace(/>+$/, '').trim().toLowerCase();
  const at = a.lastIndexOf('@');
  return at > 0 && at < a.length - 1 && !/\s/.test(a) ? a : '';
}

/** `support+tag@shop.example` → { base: `support@shop.example`, tag: `tag` }. */
export function splitPlus(address: string): { base: string; tag: string | null } {
  const a = normalizeAddress(address);
  const at = a.lastIndexOf('@');
  if (at <= 0) return { base: a, tag: null };
  const local = a.slice(0, at);
  const plus = local.indexOf('+');
  if (plus < 0) return { base: a, tag: null };
  return { base: `${local.slice(0, plus)}${a.slice(at)}`, tag: local.slice(plus + 1) || null };
}

/** Whether `address` is one of `own` or a plus-address of one of them. */
export function isOwnAddress(address: string, own: readonly string[]): boolean {
  const a = normalizeAddress(address);
  if (!a) return false;
  const { base } = splitPlus(a);
  return own.some((o) => {
    const n = normalizeAddress(o);
    return n === a || n === base;
  });
}

/** The domain part (lower case), or ''. */
export function domainOf(address: string): string {
  const a = normalizeAddress(address);
  return a ? a.slice(a.lastIndexOf('@') + 1) : '';
}

/** Local parts that only ever send notifications: nobody answers them. */
const NOTIFIER =
  /^(no[-_.]?reply|do[-_.]?not[-_.]?reply|notifications?|notify|alerts?|mailer[-_]daemon|postmaster|bounces?)([-+_.].*)?$/;

export function isNotifierAddress(address: string): boolean {
  const a = normalizeAddress(address);
  return !!a && NOTIFIER.test(a.slice(0, a.lastIndexOf('@')));
}
