/**
 * Opening an inbox's IMAP mailbox: the address through the SSRF guard (core/infra/outbound.ts: a
 * tenant's host may not reach loopback, private or this host's addresses unless
 * OUTBOUND_ALLOW_PRIVATE), imapflow on the checked address (TLS still verifies the host name), and
 * the one configured folder — never a \Sent, \Drafts, \All, \Trash or \Junk folder (by the server's
 * SPECIAL-USE flags, or by name when it has none).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ImapFlow, type MailboxObject } from 'imapflow';
import { addressAllowed } from '../../../core/infra/outbound.ts';
import { ImapSyncError } from './errors.ts';
import type { ImapSecurity } from './tables.ts';

export interface ImapEndpoint {
  host: string;
  port: number;
  security: ImapSecurity;
  username: string;
  password: string;
  mailbox: string;
}

export interface ConnectOptions {
  allowPrivate: boolean;
  /** imapflow's `maxIdleTime`: IDLE is broken and started again this often (servers drop long IDLEs). */
  idleRestartMs?: number;
  connectTimeoutMs?: number;
  socketTimeoutMs?: number;
}

export const REFUSED_SPECIAL_USE = new Set(['\\Sent', '\\Drafts', '\\All', '\\Trash', '\\Junk']);

/** The address to connect to: the literal IP, or the first of the host's addresses, all checked. */
export async function resolveHost(host: string, allowPrivate: boolean): Promise<string> {
  const bare = host.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare)
    ? [bare]
    : (await lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
  if (!addresses.length || addresses.some((a) => !addressAllowed(a, allowPrivate)))
    throw new ImapSyncError('imap_address_blocked', `${host} resolves to a refused address`);
  return addresses[0];
}

/** A connected, authenticated client (nothing selected yet). IDLE is started by the caller only. */
export async function connectImap(endpoint: ImapEndpoint, opts: ConnectOptions): Promise<ImapFlow> {
  const address = await resolveHost(endpoint.host, opts.allowPrivate);
  const client = new ImapFlow({
    host: address,
    port: endpoint.port,
    secure: endpoint.security === 'tls',
    doSTARTTLS:
      endpoint.security === 'starttls' ? true : endpoint.security === 'none' ? false : undefined,
    ...(isIP(endpoint.host) ? {} : { servername: endpoint.host }),
    auth: { user: endpoint.username, pass: endpoint.password },
    logger: false,
    // Kefu decides when to IDLE (at once, after every pass), not imapflow after 15 s of quiet.
    disableAutoIdle: true,
    ...(opts.idleRestartMs ? { maxIdleTime: opts.idleRestartMs } : {}),
    // A server without IDLE is polled with STATUS (which also notices a changed UIDVALIDITY).
    missingIdleCommand: 'STATUS',
    connectionTimeout: opts.connectTimeoutMs ?? 30_000,
    greetingTimeout: opts.connectTimeoutMs ?? 30_000,
    socketTimeout: opts.socketTimeoutMs ?? 5 * 60_000,
    clientInfo: { name: 'Kefu' },
  });
  // Without a listener an 'error' event (a dropped socket) would throw; the 'close' event and the
  // failing command report it to the caller.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    client.close();
    throw err;
  }
  return client;
}

/** Selects the configured folder (read-only unless mail is to be marked read), after checking it. */
export async function openMailbox(
  client: ImapFlow,
  mailbox: string,
  opts: { readOnly: boolean },
): Promise<MailboxObject> {
  const boxes = await client.list();
  const wanted = mailbox.toUpperCase() === 'INBOX' ? 'INBOX' : mailbox;
  const box = boxes.find(
    (b) => b.path === wanted || (wanted === 'INBOX' && b.path.toUpperCase() === 'INBOX'),
  );
  if (!box) throw new ImapSyncError('imap_mailbox_not_found', `no folder ${mailbox}`);
  const special = [box.specialUse, ...box.flags].filter((f): f is string => !!f);
  const refused = special.find((f) => REFUSED_SPECIAL_USE.has(f));
  if (refused) throw new ImapSyncError('imap_mailbox_refused', `${mailbox} is ${refused}`);
  return client.mailboxOpen(box.path, { readOnly: opts.readOnly });
}

/** Closes the connection politely when it still answers, at once otherwise. */
export async function closeQuietly(client: ImapFlow | null): Promise<void> {
  if (!client) return;
  if (client.usable) {
    const bye = client.logout().catch(() => undefined);
    const timeout = new Promise<void>((r) => setTimeout(r, 2_000).unref());
    await Promise.race([bye, timeout]);
  }
  client.close();
}
