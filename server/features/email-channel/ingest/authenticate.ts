/**
 * DKIM, SPF and DMARC of an inbound mail (mailauth). The DNS resolver is injectable per running
 * server (`setMailAuthResolver`): tests give one that answers from a table (there is no DNS here);
 * the default is the system resolver with a time limit, so a dead DNS costs seconds, not minutes.
 */
import { promises as dns } from 'node:dns';
import { authenticate, type DNSResolver } from 'mailauth';
import type { Services } from '../../../core/services.ts';
import type { MailauthLike } from '../domain/auth-verdict.ts';

const resolvers = new WeakMap<object, DNSResolver>();

export function setMailAuthResolver(services: Services, resolver: DNSResolver): void {
  resolvers.set(services, resolver);
}

const LOOKUP_MS = 3_000;

const systemResolver: DNSResolver = (name, rrtype) =>
  Promise.race([
    dns.resolve(name, rrtype) as Promise<string[][] | string[]>,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(Object.assign(new Error('DNS timeout'), { code: 'ETIMEOUT' })),
        LOOKUP_MS,
      ).unref(),
    ),
  ]);

export interface SmtpFacts {
  ip?: string;
  helo?: string;
  mailFrom?: string;
}

/** mailauth's result, or null when it could not run at all (the mail then counts as unverified). */
export async function checkAuth(
  services: Services,
  raw: Buffer,
  smtp: SmtpFacts = {},
): Promise<MailauthLike | null> {
  try {
    const r = await authenticate(raw, {
      resolver: resolvers.get(services) ?? systemResolver,
      ...(smtp.ip ? { ip: smtp.ip } : {}),
      ...(smtp.helo ? { helo: smtp.helo } : {}),
      ...(smtp.mailFrom !== undefined ? { sender: smtp.mailFrom } : {}),
      disableArc: true,
      disableBimi: true,
    });
    return r as unknown as MailauthLike;
  } catch (err) {
    services.log.warn(
      { err: (err as Error).message },
      'email: sender authentication failed to run',
    );
    return null;
  }
}
