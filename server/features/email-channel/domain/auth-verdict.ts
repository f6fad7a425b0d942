/**
 * Whether a mail's From can be believed (DKIM/DMARC alignment, from mailauth's results) and the
 * verdict stored on the message. Only a verified mail (or an inbox set to trust senders) joins the
 * contact that has the address.
 */

export type AuthResult = 'pass' | 'fail' | 'none' | 'neutral' | 'temperror' | 'permerror' | 'other';

export interface AuthVerdict {
  verified: boolean;
  /** Why it counts as verified, or `not_verified`. */
  basis: 'dmarc_pass' | 'dkim_aligned' | 'trusted_inbox' | 'not_verified';
  dkim: AuthResult;
  spf: AuthResult;
  dmarc: AuthResult;
  /** The DKIM signing domain that passed, if any. */
  dkimDomain: string | null;
}

/** The subset of mailauth's `authenticate()` result read here. */
export interface MailauthLike {
  dkim?: {
    results?: Array<{ signingDomain?: string; status?: { result?: string; aligned?: unknown } }>;
  };
  spf?: { status?: { result?: string } } | false;
  dmarc?: { status?: { result?: string } } | false;
}

const norm = (r: string | undefined): AuthResult => {
  const v = (r ?? 'none').toLowerCase();
  if (v === 'temperr') return 'temperror';
  const known: readonly string[] = ['pass', 'fail', 'none', 'neutral', 'temperror', 'permerror'];
  return known.includes(v) ? (v as AuthResult) : 'other';
};

export function authVerdict(result: MailauthLike | null, trustSenders: boolean): AuthVerdict {
  const dkimResults = result?.dkim?.results ?? [];
  const passed = dkimResults.find((r) => norm(r.status?.result) === 'pass');
  const aligned = dkimResults.find((r) => norm(r.status?.result) === 'pass' && !!r.status?.aligned);
  const dmarc = norm(result?.dmarc ? result.dmarc.status?.result : undefined);
  const base = {
    dkim: passed ? 'pass' : norm(dkimResults[0]?.status?.result),
    spf: norm(result?.spf ? result.spf.status?.result : undefined),
    dmarc,
    dkimDomain: (aligned ?? passed)?.signingDomain?.toLowerCase() ?? null,
  } satisfies Omit<AuthVerdict, 'verified' | 'basis'>;
  if (dmarc === 'pass') return { ...base, verified: true, basis: 'dmarc_pass' };
  if (aligned) return { ...base, verified: true, basis: 'dkim_aligned' };
  if (trustSenders) return { ...base, verified: true, basis: 'trusted_inbox' };
  return { ...base, verified: false, basis: 'not_verified' };
}
