/**
 * Test helpers of the API channel: an API inbox with its token, a real loopback webhook receiver
 * that checks every signature, hand-driven timers for the delivery worker, and delivery rows.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Services } from '../../../core/services.ts';
import type { Session, TestApp } from '../../../test/test-app.ts';
import { verifyWebhook, type VerifyResult } from '../domain/signature.ts';
import type { Timers } from '../delivery/worker.ts';

export interface ApiInbox {
  inboxId: string;
  token: string;
}

/** Creates an API inbox as `admin` and gives it an inbox token. */
export async function createApiInbox(t: TestApp, admin: Session, name = 'App'): Promise<ApiInbox> {
  const inbox = await t.api('POST', '/api/v1/inboxes', {
    session: admin,
    body: { name, channelType: 'api' },
  });
  if (inbox.status !== 201) throw new Error(`inbox: ${inbox.status} ${JSON.stringify(inbox.body)}`);
  const token = await t.api('POST', `/api/v1/inboxes/${inbox.body.id}/api-channel/token`, {
    session: admin,
  });
  if (token.status !== 200) throw new Error(`token: ${token.status} ${JSON.stringify(token.body)}`);
  return { inboxId: inbox.body.id, token: token.body.token };
}

/** Sets the inbox's webhook; returns the signing secret (shown once). */
export async function setWebhook(t: TestApp, admin: Session, inboxId: string, url: string) {
  const r = await t.api('PUT', `/api/v1/inboxes/${inboxId}/api-channel/webhook`, {
    session: admin,
    body: { url },
  });
  if (r.status !== 200) throw new Error(`webhook: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.secret as string;
}

let seq = 0;
/** POST a customer message from the app. */
export function appSends(
  t: TestApp,
  inbox: ApiInbox,
  externalId: string,
  content: string,
  extra: Record<string, unknown> = {},
) {
  return t.api('POST', `/api/v1/channels/api/${inbox.inboxId}/messages`, {
    token: inbox.token,
    body: {
      contact: { externalId },
      clientMessageId: `c-${++seq}-${Date.now()}`,
      content,
      ...extra,
    },
  });
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
  verified: VerifyResult;
}

/**
 * A real webhook receiver on 127.0.0.1. `answer` decides each reply (default 200); every request is
 * recorded with the verdict of `verifyWebhook` under `secret` at `now()` (set both once known).
 * `down()` closes the port (connection refused) and `up()` listens on the same port again.
 */
export class Receiver {
  readonly received: Received[] = [];
  secret = '';
  now: () => number = Date.now;
  answer: (r: Received) => number = () => 200;
  private server: Server | null = null;
  port = 0;

  get url() {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async up(): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = JSON.parse(body);
        } catch {
          /* recorded as is */
        }
        const r: Received = {
          headers: req.headers,
          body,
          json,
          verified: verifyWebhook(this.secret, req.headers, body, this.now()),
        };
        this.received.push(r);
        res.statusCode = this.answer(r);
        res.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
}

/** Timers the test fires by hand (the worker's poll and kicks never run on their own). */
export class ManualTimers implements Timers {
  private pending = new Map<number, () => void>();
  private next = 1;
  setTimeout(fn: () => void, _ms: number) {
    const id = this.next++;
    this.pending.set(id, fn);
    return id;
  }
  clearTimeout(h: unknown) {
    this.pending.delete(h as number);
  }
  get size() {
    return this.pending.size;
  }
  /** Runs every timer set so far (not those they set in turn). */
  fireAll() {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const fn of due) fn();
  }
}

/** A clock the test moves. */
export function manualClock(start = Date.now()) {
  const clock = { at: start, now: () => clock.at, advance: (ms: number) => (clock.at += ms) };
  return clock;
}

/** The deliveries of an inbox, oldest first (straight from the table). */
export function deliveriesOf(services: Services, inboxId: string) {
  return services.database.db
    .selectFrom('api_channel_deliveries')
    .selectAll()
    .where('inbox_id', '=', inboxId)
    .orderBy('id')
    .execute();
}
