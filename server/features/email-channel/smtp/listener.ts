/**
 * The built-in SMTP listener (smtp-server), on when SMTP_PORT is set: it accepts RCPT only for the
 * addresses of configured email inboxes (their plus-addresses too), no AUTH, SIZE = EMAIL_MAX_BYTES,
 * STARTTLS only when SMTP_TLS_CERT and SMTP_TLS_KEY name PEM files. Each accepted mail goes through
 * `ingestRawMail` once per inbox it is addressed to. Answers: 250 when stored (or a duplicate, or
 * an automatic mail kept as such), 451 while a failing mail has attempts left (the sender retries;
 * what was stored is deduplicated), 550/552/554 when it is refused for good.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Services } from '../../../core/services.ts';
import { normalizeAddress } from '../domain/addresses.ts';
import { ingestRawMail, type IngestResult } from '../ingest/ingest.ts';
import { inboxForAddress } from '../store/inbox-directory.ts';

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

const running = new WeakMap<object, Promise<SmtpListener>>();

/** The listener started for these services (tests read its port). */
export function smtpListenerOf(services: Services): Promise<SmtpListener> | undefined {
  return running.get(services);
}

const smtpError = (code: number, message: string) =>
  Object.assign(new Error(message), { responseCode: code });

export function startSmtpListener(services: Services): Promise<SmtpListener> {
  const c = services.config;
  const tls =
    c.SMTP_TLS_CERT && c.SMTP_TLS_KEY
      ? { cert: readFileSync(c.SMTP_TLS_CERT), key: readFileSync(c.SMTP_TLS_KEY) }
      : null;
  const server = new SMTPServer({
    logger: false,
    banner: 'Kefu',
    size: c.EMAIL_MAX_BYTES,
    authOptional: true,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(tls ?? {}),
    maxClients: 200,
    disableReverseLookup: true,
    onRcptTo(address, _session, done) {
      const to = normalizeAddress(address.address);
      inboxForAddress(services.database.db, to, services.clock.now()).then(
        (inbox) => done(inbox ? null : smtpError(550, '5.1.1 No such mailbox here')),
        () => done(smtpError(451, '4.3.0 Temporary failure, try again later')),
      );
    },
    onData(stream, session, done) {
      receive(services, stream, session).then(
        () => done(),
        (err: Error) => done(err),
      );
    },
  });
  server.on('error', (err) => services.log.warn({ err }, 'email: SMTP listener error'));
  const started = new Promise<SmtpListener>((resolve, reject) => {
    server.once('error', reject);
    server.listen(c.SMTP_PORT ?? 0, c.SMTP_HOST ?? c.HOST, () => {
      const port = (server.server.address() as AddressInfo).port;
      services.log.info({ port, starttls: !!tls }, 'email: SMTP listener started');
      resolve({ port, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
  running.set(services, started);
  return started;
}

async function receive(
  services: Services,
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= services.config.EMAIL_MAX_BYTES) chunks.push(chunk);
  }
  if (stream.sizeExceeded) throw smtpError(552, '5.3.4 Message too big');
  const raw = Buffer.concat(chunks);
  const byInbox = new Map<string, string[]>();
  for (const rcpt of session.envelope.rcptTo) {
    const to = normalizeAddress(rcpt.address);
    const inbox = await inboxForAddress(services.database.db, to, services.clock.now());
    if (inbox) byInbox.set(inbox.id, [...(byInbox.get(inbox.id) ?? []), to]);
  }
  const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
  const results: IngestResult[] = [];
  for (const [inboxId, envelopeTo] of byInbox)
    results.push(
      await ingestRawMail(services, {
        inboxId,
        raw,
        source: 'smtp',
        envelopeTo,
        smtp: { ip: session.remoteAddress, helo: session.hostNameAppearsAs, mailFrom },
      }),
    );
  const worst = answer(results);
  if (worst) throw worst;
}

/** The SMTP answer for the outcomes of one mail (null: 250). */
function answer(results: IngestResult[]): Error | null {
  if (results.some((r) => r.status === 'failed' && r.error !== 'email_ingest_attempts_exhausted'))
    return smtpError(451, '4.3.0 Temporary failure, try again later');
  if (results.some((r) => r.status === 'failed'))
    return smtpError(554, '5.6.0 The message could not be processed');
  const rejected = results.find((r) => r.status === 'rejected');
  if (rejected && results.every((r) => r.status === 'rejected'))
    return rejected.error === 'payload_too_large'
      ? smtpError(552, '5.3.4 Message too big')
      : smtpError(550, `5.7.1 Not accepted (${rejected.error ?? 'rejected'})`);
  return null;
}
