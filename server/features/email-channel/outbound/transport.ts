/**
 * Sends one mail through an inbox's relay with nodemailer. The relay's address goes through the
 * SSRF guard first (core/infra/outbound.ts): the host is resolved once, every address checked, and
 * the connection made to the checked address (the name kept for TLS), so DNS cannot rebind it.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import nodemailer from 'nodemailer';
import type { MailComposerOptions } from 'nodemailer/lib/mail-composer';
import { addressAllowed } from '../../../core/infra/outbound.ts';
import type { Relay } from './settings.ts';
import { BlockedHostError } from './smtp-errors.ts';

export interface SendOptions {
  allowPrivate: boolean;
  /** Connection, greeting and idle limit of one attempt. */
  timeoutMs: number;
}

/** The address to connect to: the host's, each one allowed by the guard. */
export async function resolveRelayHost(host: string, allowPrivate: boolean): Promise<string> {
  const bare = host.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare)
    ? [bare]
    : (await lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
  if (!addresses.length || addresses.some((a) => !addressAllowed(a, allowPrivate)))
    throw new BlockedHostError(host);
  return addresses[0];
}

/** Sends `mail`; resolves with the relay's final answer, rejects with nodemailer's error. */
export async function sendThroughRelay(
  relay: Relay,
  mail: MailComposerOptions,
  opts: SendOptions,
): Promise<{ response: string }> {
  const address = await resolveRelayHost(relay.host, opts.allowPrivate);
  const named = !isIP(relay.host.replace(/^\[|\]$/g, ''));
  const transport = nodemailer.createTransport({
    host: address,
    port: relay.port,
    secure: relay.security === 'tls',
    requireTLS: relay.security === 'starttls',
    ignoreTLS: relay.security === 'none',
    ...(named ? { servername: relay.host, tls: { servername: relay.host } } : {}),
    ...(relay.username ? { auth: { user: relay.username, pass: relay.password ?? '' } } : {}),
    name: relay.fromAddress.split('@')[1],
    connectionTimeout: opts.timeoutMs,
    greetingTimeout: opts.timeoutMs,
    socketTimeout: opts.timeoutMs,
    socketCloseTimeout: 0,
    disableFileAccess: true,
    disableUrlAccess: true,
    ...(relay.dkim
      ? {
          dkim: {
            domainName: relay.dkim.domain,
            keySelector: relay.dkim.selector,
            privateKey: relay.dkim.privateKey,
          },
        }
      : {}),
  });
  try {
    const info = await transport.sendMail({
      ...mail,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    return { response: String(info.response ?? '') };
  } finally {
    transport.close();
  }
}
