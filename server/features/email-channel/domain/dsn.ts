/** Delivery status notifications (RFC 3464): who could not be reached, and what that means for them. */
import { normalizeAddress } from './addresses.ts';

export type DsnAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

export interface DsnRecipient {
  /** The address the report is about (Final-Recipient, else Original-Recipient). */
  recipient: string;
  action: DsnAction | null;
  /** The enhanced status code (RFC 3463), e.g. `5.1.1`. */
  status: string | null;
  diagnostic: string | null;
  remoteMta: string | null;
}

export interface Dsn {
  reportingMta: string | null;
  recipients: DsnRecipient[];
}

/** Parses the `message/delivery-status` part: one group of fields per message, then per recipient. */
export function parseDsn(body: string): Dsn {
  const groups = body
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map(fieldsOf)
    .filter((g) => g.size > 0);
  const head = groups[0];
  const recipients: DsnRecipient[] = [];
  for (const g of groups) {
    const addr = typed(g.get('final-recipient')) ?? typed(g.get('original-recipient'));
    const recipient = normalizeAddress(addr);
    if (!recipient) continue;
    const action = (g.get('action') ?? '').toLowerCase().trim();
    recipients.push({
      recipient,
      action: ACTIONS.has(action) ? (action as DsnAction) : null,
      status: /^\d\.\d{1,3}\.\d{1,3}/.exec(g.get('status') ?? '')?.[0] ?? null,
      diagnostic: typed(g.get('diagnostic-code'))?.slice(0, 500) ?? null,
      remoteMta: typed(g.get('remote-mta')) ?? null,
    });
  }
  return { reportingMta: typed(head?.get('reporting-mta')) ?? null, recipients };
}

const ACTIONS = new Set(['failed', 'delayed', 'delivered', 'relayed', 'expanded']);

/** `rfc822; user@example.com` → `user@example.com`. */
function typed(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const semi = v.indexOf(';');
  return (semi >= 0 ? v.slice(semi + 1) : v).trim() || undefined;
}

function fieldsOf(group: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | null = null;
  for (const line of group.split('\n')) {
    if (/^[ \t]/.test(line) && last) {
      out.set(last, `${out.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    if (!out.has(last)) out.set(last, line.slice(colon + 1).trim());
  }
  return out;
}

export type BounceEffect = 'bounced' | 'soft_bounce' | null;

/**
 * A permanent failure (`failed`, status 5.x.x) marks the address bounced; a delay or a 4.x.x
 * failure is a soft bounce; anything delivered changes nothing.
 */
export function bounceEffect(r: DsnRecipient): BounceEffect {
  if (r.action === 'delayed') return 'soft_bounce';
  if (r.action !== 'failed') return null;
  return r.status?.startsWith('4.') ? 'soft_bounce' : 'bounced';
}
