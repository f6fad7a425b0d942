/**
 * The sync of one inbox's mailbox, for as long as it is switched on: connect, select the folder,
 * a pass (sync-pass.ts), then IDLE at once (explicitly: imapflow would wait 15 s of quiet first);
 * every EXISTS the server pushes, and a periodic re-sync (`resyncMs`, which also covers a server
 * that dropped IDLE without a word), runs another pass. A dropped connection or any failure is
 * recorded (state `error`, code and detail) and the loop connects again after a backoff (doubling
 * from `backoffBaseMs` to `backoffMaxMs`, with jitter); the cursor makes the next pass fetch what
 * arrived meanwhile (backfill).
 */
import type { ImapFlow } from 'imapflow';
import type { Services } from '../../../core/services.ts';
import { closeQuietly, connectImap, openMailbox } from './connect.ts';
import { classify, ImapSyncError } from './errors.ts';
import { endpointOf, getSettings, setState } from './store.ts';
import { type Ingest, type PassResult, syncPass } from './sync-pass.ts';

export interface InboxSyncOptions {
  /** A pass this often while connected, even without news from the server. */
  resyncMs: number;
  /** IDLE is broken and started again this often (RFC 2177: before the server's 30 minutes). */
  idleRestartMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  maxAttempts: number;
  maxMessageBytes: number;
  connectTimeoutMs: number;
  socketTimeoutMs: number;
  ingest: Ingest;
  /** Told after every pass (tests and logs). */
  onPass?: (inboxId: string, result: PassResult) => void;
}

export class InboxSync {
  private stopped = false;
  private client: ImapFlow | null = null;
  private wake: (() => void) | null = null;
  private done: Promise<void> = Promise.resolve();
  /** Consecutive failed connections (or sessions that failed before a pass). */
  private failures = 0;

  constructor(
    private readonly services: Services,
    readonly inboxId: string,
    private readonly opts: InboxSyncOptions,
  ) {}

  start(): this {
    this.done = this.run().catch((err) =>
      this.services.log.error({ err, inboxId: this.inboxId }, 'IMAP sync loop ended'),
    );
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.notify();
    this.client?.close();
    await this.done;
  }

  private notify() {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Until notify(), or `ms` when given. */
  private wait(ms?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = ms === undefined ? null : setTimeout(resolve, ms);
      this.wake = () => {
        if (t) clearTimeout(t);
        resolve();
      };
    });
  }

  private now = () => this.services.clock.now();

  private async run(): Promise<void> {
    const db = this.services.database.db;
    while (!this.stopped) {
      const row = await getSettings(db, this.inboxId);
      if (!row || !Number(row.enabled)) {
        if (row) await setState(db, this.inboxId, this.now(), { state: 'off' });
        return;
      }
      try {
        const endpoint = endpointOf(row, this.services.secret);
        if (!endpoint)
          throw new ImapSyncError('imap_auth_failed', 'the stored password does not open');
        await setState(db, this.inboxId, this.now(), { state: 'connecting' });
        this.client = await connectImap(endpoint, {
          allowPrivate: this.services.config.allowPrivateOutbound,
          idleRestartMs: this.opts.idleRestartMs,
          connectTimeoutMs: this.opts.connectTimeoutMs,
          socketTimeoutMs: this.opts.socketTimeoutMs,
        });
        if (this.stopped) break;
        await openMailbox(this.client, endpoint.mailbox, { readOnly: !Number(row.mark_seen) });
        const days = row.import_days === null ? null : Number(row.import_days);
        await this.session(this.client, {
          accountId: row.account_id,
          markSeen: !!Number(row.mark_seen),
          importSince: days === null ? null : Number(row.created_at) - days * 86_400_000,
        });
      } catch (err) {
        if (this.stopped) break;
        this.failures++;
        const { code, detail } = classify(err);
        await setState(db, this.inboxId, this.now(), { state: 'error', error: { code, detail } });
        this.services.log.warn(
          { inboxId: this.inboxId, code, detail, failures: this.failures },
          'IMAP sync: connection failed or dropped; connecting again after a pause',
        );
      } finally {
        const c = this.client;
        this.client = null;
        await closeQuietly(c);
      }
      if (!this.stopped) await this.wait(this.backoff());
    }
  }

  private backoff(): number {
    const { backoffBaseMs: base, backoffMaxMs: max } = this.opts;
    const ms = Math.min(max, base * 2 ** Math.max(0, this.failures - 1));
    return Math.round(ms * (0.8 + Math.random() * 0.4));
  }

  /** Passes and IDLE until the connection closes (throws) or the sync stops (returns). */
  private async session(
    client: ImapFlow,
    inbox: { accountId: string; markSeen: boolean; importSince: number | null },
  ): Promise<void> {
    let dirty = true;
    let closed = false;
    let passing = false;
    /** IDLEs the server ended by itself in a row (a pass follows each; a server that keeps doing it is left). */
    let idleEnds = 0;
    const onNews = () => {
      dirty = true;
      this.notify();
    };
    client.on('exists', () => {
      idleEnds = 0;
      onNews();
    });
    client.on('close', () => {
      closed = true;
      this.notify();
    });
    const resync = setInterval(onNews, this.opts.resyncMs);
    resync.unref();
    const doneAbove = new Set<number>();
    try {
      while (!this.stopped && !closed) {
        if (dirty) {
          dirty = false;
          passing = true;
          try {
            const result = await syncPass({
              services: this.services,
              client,
              inboxId: this.inboxId,
              ...inbox,
              maxAttempts: this.opts.maxAttempts,
              maxMessageBytes: this.opts.maxMessageBytes,
              ingest: this.opts.ingest,
              doneAbove,
            });
            this.failures = 0;
            await setState(this.services.database.db, this.inboxId, this.now(), {
              state: 'idle',
              synced: true,
            });
            this.opts.onPass?.(this.inboxId, result);
          } finally {
            passing = false;
          }
          continue;
        }
        if (idleEnds >= 3) throw new ImapSyncError('imap_failed', 'the server keeps ending IDLE');
        // IDLE now; the next pass's first command ends it (imapflow sends DONE). An IDLE that ends
        // otherwise (the server finished it, e.g. after the mailbox was recreated under it) is
        // followed by a pass: nothing is missed while no IDLE runs.
        void client
          .idle()
          .catch(() => undefined)
          .then(() => {
            if (passing || closed || this.stopped) return;
            idleEnds++;
            onNews();
          });
        await this.wait();
      }
    } finally {
      clearInterval(resync);
    }
    if (closed && !this.stopped)
      throw Object.assign(new Error('the server closed the connection'), {
        code: 'EConnectionClosed',
      });
  }
}
