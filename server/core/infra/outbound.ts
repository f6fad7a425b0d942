/**
 * The SSRF guard for every request Kefu makes on a tenant's behalf (automation webhooks, the LLM
 * provider). Addresses are checked when the connection is made — after DNS, so rebinding cannot
 * slip through — and refused when they are loopback, private, link-local, multicast, reserved, an
 * IPv4 address hidden in IPv6 (mapped `::ffff:7f00:1`, compatible `::127.0.0.1`, NAT64, 6to4), or
 * one of this host's own addresses (a public IP of the server reaches its own ports). Redirects are
 * never followed. `OUTBOUND_ALLOW_PRIVATE` turns the guard off, for on-premise peers.
 */
import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { networkInterfaces } from 'node:os';
import { Agent, fetch as undiciFetch } from 'undici';

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIPv4(addr: string): string | null {
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(addr);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|::|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(addr);
  if (hex) {
    const hi = Number.parseInt(hex[1], 16);
    const lo = Number.parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(addr);
  if (sixToFour) {
    const hi = Number.parseInt(sixToFour[1], 16);
    const lo = Number.parseInt(sixToFour[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

function privateIPv4(addr: string): boolean {
  const [a, b] = addr.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

/** Loopback, private, link-local, unique-local, multicast, unspecified or reserved. */
export function isPrivateAddress(ip: string): boolean {
  const addr = ip
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  if (isIP(addr) === 4) return privateIPv4(addr);
  if (isIP(addr) !== 6) return true; // not an address: refuse
  const v4 = embeddedIPv4(addr);
  if (v4) return privateIPv4(v4) || v4 === '0.0.0.0';
  return (
    addr === '::' ||
    addr === '::1' ||
    /^f[cd]/.test(addr) ||
    /^fe[89ab]/.test(addr) ||
    /^ff/.test(addr) ||
    /^(0{1,4}:){1,7}/.test(addr) || // other forms inside ::/8 (reserved)
    addr.startsWith('64:ff9b:') ||
    addr.startsWith('2001:db8:')
  );
}

/** This host's own addresses (any interface): a public IP of the server still reaches its ports. */
export function ownAddresses(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) out.add(a.address.toLowerCase().replace(/%.*$/, ''));
  return out;
}

/** Whether a request may go to `ip`. */
export function addressAllowed(ip: string, allowPrivate: boolean): boolean {
  if (allowPrivate) return true;
  const addr = ip.toLowerCase().replace(/^\[|\]$/g, '');
  return !isPrivateAddress(addr) && !ownAddresses().has(addr);
}

export const BLOCKED = 'blocked_address';

/** A DNS lookup that fails with `EBLOCKED` when any resolved address is not allowed. */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, cb) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return cb(err, '', 4);
      const list = addresses as Array<{ address: string; family: number }>;
      if (!list.length || list.some((a) => !addressAllowed(a.address, allowPrivate)))
        return cb(Object.assign(new Error(BLOCKED), { code: 'EBLOCKED' }), '', 4);
      if ((options as { all?: boolean }).all)
        return (cb as unknown as (e: null, a: typeof list) => void)(null, list);
      cb(null, list[0].address, list[0].family);
    });
  };
}

/** A literal IP host that the guard refuses (checked before connecting; names are checked at connect). */
export function blockedLiteralHost(url: URL, allowPrivate: boolean): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) !== 0 && !addressAllowed(host, allowPrivate);
}

const agents = new Map<boolean, Agent>();

/**
 * `fetch` through the guard: literal hosts and every resolved address are checked, redirects are
 * returned as they are (a 3xx response), never followed. A refused address rejects with a TypeError
 * whose `cause.code` is `EBLOCKED` (see `isBlocked`).
 */
export function guardedFetch(allowPrivate: boolean): typeof fetch {
  let agent = agents.get(allowPrivate);
  if (!agent) {
    agent = new Agent({ connect: { lookup: guardedLookup(allowPrivate) } });
    agents.set(allowPrivate, agent);
  }
  const dispatcher = agent;
  return (async (input: string | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    if (blockedLiteralHost(url, allowPrivate))
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error(BLOCKED), { code: 'EBLOCKED' }),
      });
    return undiciFetch(url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      redirect: 'manual',
      dispatcher,
    });
  }) as unknown as typeof fetch;
}

/** Whether a fetch/request error is the guard refusing an address. */
export function isBlocked(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown; message?: string } | undefined; e; ) {
    if (e.code === 'EBLOCKED' || e.message === BLOCKED) return true;
    e = e.cause as typeof e;
  }
  return false;
}
