/**
 * A real SMTP peer for the outbound tests: smtp-server on a loopback port, every accepted mail
 * parsed with mailparser (what the customer's mail client would show). It can refuse (a reply code
 * at RCPT or DATA), hold mail until the test releases it (a slow relay), require a login, offer
 * STARTTLS with its own self-signed certificate, be stopped and started again on the same port
 * (a relay that is down, then back), or be a socket that never greets (`silentRelay`).
 */
import { createServer, type Server } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  raw: Buffer;
  parsed: ParsedMail;
  envelope: { from: string; to: string[] };
}

export interface RelayBehaviour {
  /** Refuse every RCPT with this reply (e.g. 550 or 451). */
  rejectRcpt?: { code: number; message: string };
  /** Refuse after DATA with this reply. */
  rejectData?: { code: number; message: string };
  /** Hold DATA until it resolves (a slow relay); mails whose subject matches `holdOnly` only. */
  hold?: Promise<void>;
  holdOnly?: RegExp;
  /** Require this login (AUTH over plain text is allowed, as on a local relay). */
  auth?: { user: string; pass: string };
  /** Offer STARTTLS (smtp-server's own self-signed certificate). */
  starttls?: boolean;
}

export class TestRelay {
  readonly mails: ReceivedMail[] = [];
  private server: SMTPServer | null = null;
  port = 0;
  behaviour: RelayBehaviour = {};
  /** Mails currently held by `hold`. */
  holding = 0;

  async start(port = 0): Promise<this> {
    const b = () => this.behaviour;
    const server = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      ...(b().starttls ? {} : { disabledCommands: ['STARTTLS'] }),
      logger: false,
      onAuth: (auth, _session, cb) => {
        const want = b().auth;
        if (want && auth.username === want.user && auth.password === want.pass)
          return cb(null, { user: auth.username });
        const err = Object.assign(new Error('5.7.8 Authentication credentials invalid'), {
          responseCode: 535,
        });
        cb(err);
      },
      onMailFrom: (_address, session, cb) => {
        if (b().auth && !session.user)
          return cb(Object.assign(new Error('Authentication required'), { responseCode: 530 }));
        cb();
      },
      onRcptTo: (_address, _session, cb) => {
        const r = b().rejectRcpt;
        cb(r ? Object.assign(new Error(r.message), { responseCode: r.code }) : undefined);
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => void this.accept(Buffer.concat(chunks), session, cb));
      },
    });
    server.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      const s = server.listen(port, '127.0.0.1', () => resolve());
      s.once('error', reject);
    });
    const addr = (server as unknown as { server: Server }).server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : port;
    this.server = server;
    return this;
  }

  private async accept(
    raw: Buffer,
    session: { envelope: { mailFrom: false | { address: string }; rcptTo: { address: string }[] } },
    cb: (err?: Error | null, message?: string) => void,
  ) {
    const parsed = await simpleParser(raw);
    const b = this.behaviour;
    if (b.hold && (!b.holdOnly || b.holdOnly.test(parsed.subject ?? ''))) {
      this.holding++;
      await b.hold;
      this.holding--;
    }
    if (b.rejectData)
      return cb(
        Object.assign(new Error(b.rejectData.message), { responseCode: b.rejectData.code }),
      );
    this.mails.push({
      raw,
      parsed,
      envelope: {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
      },
    });
    cb(null, `2.0.0 Ok: queued as test-${this.mails.length}`);
  }

  /** Stops listening (a relay that is down); the port stays known for `start(port)`. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }
}

export async function startRelay(behaviour: RelayBehaviour = {}): Promise<TestRelay> {
  const r = new TestRelay();
  r.behaviour = behaviour;
  return r.start();
}

/** A loopback port nothing listens on (a relay that is down). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A peer that accepts connections and never says a word (no SMTP greeting). */
export async function silentRelay(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const s = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return {
    port: (s.address() as { port: number }).port,
    close: async () => {
      for (const k of sockets) k.destroy();
      await new Promise<void>((r) => s.close(() => r()));
    },
  };
}
