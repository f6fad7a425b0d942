/**
 * Runs one InboxSync per inbox whose IMAP sync is switched on, on worker nodes (`startImapSync` is
 * the feature's `start`). Every `reconcileMs` it reads the switched-on inboxes: starts what is new,
 * stops what was switched off or deleted, restarts what was edited (on any node), and renews its
 * leases. Scaled mode: an inbox is synced by the node holding its lease (email_imap_settings
 * lease_owner/lease_until), so two nodes never sync one mailbox at once; a node that dies leaves a
 * lease that runs out after `leaseMs`. SQLite mode: one process owns the database, leases are taken.
 * A settings change through the API restarts that inbox's sync on this node at once (`refresh`).
 */
import type { FeatureContext } from '../../../core/kit/feature.ts';
import { newId } from '../../../core/lib/ids.ts';
import type { Services } from '../../../core/services.ts';
import { ingestRawMail } from '../ingest/ingest.ts';
import { InboxSync, type InboxSyncOptions } from './inbox-sync.ts';
import { claimLease, releaseLease } from './store.ts';

export interface ImapSyncOptions extends InboxSyncOptions {
  reconcileMs: number;
  leaseMs: number;
  /** Take leases even when another node holds them (default: SQLite mode). */
  forceLeases: boolean;
  /** This node's name in lease_owner. */
  nodeId: string;
}

export function defaultOptions(services: Services): ImapSyncOptions {
  const c = services.config;
  return {
    resyncMs: c.IMAP_RESYNC_SECONDS * 1000,
    idleRestartMs: 10 * 60_000,
    backoffBaseMs: 1_000,
    backoffMaxMs: 5 * 60_000,
    maxAttempts: c.EMAIL_INGEST_MAX_ATTEMPTS,
    maxMessageBytes: c.EMAIL_MAX_BYTES,
    connectTimeoutMs: 30_000,
    socketTimeoutMs: 5 * 60_000,
    ingest: ingestRawMail,
    reconcileMs: 15_000,
    leaseMs: 60_000,
    forceLeases: services.database.dialect === 'sqlite',
    nodeId: newId(),
  };
}

interface Running {
  sync: InboxSync;
  updatedAt: number;
}

export class ImapSupervisor {
  private readonly syncs = new Map<string, Running>();
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly services: Services,
    readonly opts: ImapSyncOptions,
  ) {}

  start(): this {
    void this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), this.opts.reconcileMs);
    this.timer.unref();
    return this;
  }

  /** Inboxes this node syncs now. */
  running(): string[] {
    return [...this.syncs.keys()];
  }

  /** Re-reads the settings now (one reconcile at a time); resolves when it is done. */
  reconcile(): Promise<void> {
    this.chain = this.chain
      .then(() => this.reconcileOnce())
      .catch((err) => {
        this.services.log.warn({ err }, 'IMAP sync: reconcile failed');
      });
    return this.chain;
  }

  /** A settings change: that inbox's sync (on this node) starts over with the new settings. */
  async refresh(inboxId: string): Promise<void> {
    const r = this.syncs.get(inboxId);
    if (r) r.updatedAt = -1;
    await this.reconcile();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.chain;
    await Promise.all([...this.syncs.keys()].map((id) => this.stopOne(id)));
  }

  private async stopOne(inboxId: string): Promise<void> {
    const r = this.syncs.get(inboxId);
    if (!r) return;
    this.syncs.delete(inboxId);
    await r.sync.stop();
    await releaseLease(this.services.database.db, inboxId, this.opts.nodeId).catch(() => {});
  }

  private async reconcileOnce(): Promise<void> {
    if (this.stopped) return;
    const db = this.services.database.db;
    const rows = await db
      .selectFrom('email_imap_settings')
      .select(['inbox_id', 'updated_at'])
      .where('enabled', '=', 1)
      .execute();
    const wanted = new Map(rows.map((r) => [r.inbox_id, Number(r.updated_at)]));
    for (const [id, r] of this.syncs) if (wanted.get(id) !== r.updatedAt) await this.stopOne(id); // off, deleted or edited
    const now = this.services.clock.now();
    for (const [id, updatedAt] of wanted) {
      if (this.stopped) return;
      const mine = await claimLease(
        db,
        id,
        this.opts.nodeId,
        now,
        this.opts.leaseMs,
        this.opts.forceLeases,
      );
      if (!mine) {
        if (this.syncs.has(id)) await this.stopOne(id); // another node took it over
        continue;
      }
      if (!this.syncs.has(id))
        this.syncs.set(id, {
          sync: new InboxSync(this.services, id, this.opts).start(),
          updatedAt,
        });
    }
  }
}

const supervisors = new WeakMap<Services, ImapSupervisor>();

/** The supervisor running for these services (the routes apply settings changes through it). */
export const imapSupervisorOf = (services: Services) => supervisors.get(services);

/**
 * Starts the IMAP sync (the feature's `start`, worker nodes only); returns its stop. One per
 * services: a second call returns a stop that does nothing.
 */
export function startImapSync(
  ctx: FeatureContext,
  overrides: Partial<ImapSyncOptions> = {},
): () => Promise<void> {
  const { services } = ctx;
  if (supervisors.has(services)) return async () => {};
  const supervisor = new ImapSupervisor(services, { ...defaultOptions(services), ...overrides });
  supervisors.set(services, supervisor);
  supervisor.start();
  return async () => {
    if (supervisors.get(services) === supervisor) supervisors.delete(services);
    await supervisor.stop();
  };
}

/** Tests: the running supervisor (if any) is stopped and one with these options takes its place. */
export async function restartImapSync(
  ctx: FeatureContext,
  overrides: Partial<ImapSyncOptions> = {},
): Promise<ImapSupervisor> {
  const old = supervisors.get(ctx.services);
  supervisors.delete(ctx.services);
  await old?.stop();
  startImapSync(ctx, overrides);
  return supervisors.get(ctx.services)!;
}
