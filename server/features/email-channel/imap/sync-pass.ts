/**
 * One pass over the selected mailbox: every mail with a UID above the cursor goes through the
 * email channel's one ingest (`ingestRawMail`, idempotent per Message-ID, so nothing is deduplicated
 * here), in UID order, and the cursor moves past what is done.
 *
 * - `UID FETCH n:*` returns the mailbox's last message even when its UID is below n (RFC 3501 §6.4.8:
 *   `*` is the largest UID in use): UIDs at or below the cursor are dropped, or the last mail would be
 *   imported on every pass.
 * - A new UIDVALIDITY (the mailbox was recreated) starts the cursor at 0 and counts the change; the
 *   re-scan is safe because the ingest answers `duplicate` for what it already has.
 * - The cursor passes a mail once it is stored, a duplicate, looped or refused by the ingest, or
 *   given up after `maxAttempts` failed tries (recorded in email_imap_failures): a broken mail is
 *   never fetched forever, and a mail after it is not held back meanwhile (`doneAbove`).
 * - HIGHESTMODSEQ (CONDSTORE) is kept with the cursor.
 */
import type { ImapFlow } from 'imapflow';
import { isAppError } from '../../../core/errors.ts';
import type { Services } from '../../../core/services.ts';
import type { IngestInput, IngestResult } from '../ingest/ingest.ts';
import {
  advanceCursor,
  clearFailure,
  type Cursor,
  type Failure,
  failuresByUid,
  getCursor,
  recordFailure,
  startCursor,
} from './cursor.ts';

export type Ingest = (services: Services, input: IngestInput) => Promise<IngestResult>;

export interface PassContext {
  services: Services;
  client: ImapFlow;
  inboxId: string;
  accountId: string;
  markSeen: boolean;
  maxAttempts: number;
  maxMessageBytes: number;
  /** Mail the server received before this (epoch ms) is passed over, not imported; null: all. */
  importSince: number | null;
  ingest: Ingest;
  /** UIDs above the cursor already handled during this connection (kept between passes). */
  doneAbove: Set<number>;
}

export interface PassResult {
  uidValidity: string;
  lastUid: number;
  /** Mails handed to the ingest in this pass, by outcome (`gave_up`: failed for the last time). */
  outcomes: Record<IngestResult['status'] | 'gave_up' | 'too_large' | 'too_old', number>;
  uidValidityChanged: boolean;
}

const FINAL = new Set<IngestResult['status']>(['stored', 'duplicate', 'looped', 'rejected']);

export async function syncPass(ctx: PassContext): Promise<PassResult> {
  const { client, services } = ctx;
  const db = services.database.db;
  const selected = client.mailbox;
  if (!selected) throw new Error('no mailbox selected');
  const path = selected.path;
  // STATUS of the selected mailbox: a fresh UIDVALIDITY, message count and HIGHESTMODSEQ.
  const status = await client.status(path, {
    uidValidity: true,
    messages: true,
    highestModseq: true,
  });
  if (!status) throw new Error(`STATUS ${path} failed`);
  const uidValidity = String(status.uidValidity ?? selected.uidValidity);
  if (uidValidity !== String(selected.uidValidity))
    await client.mailboxOpen(path, { readOnly: !ctx.markSeen });
  const modseq = status.highestModseq ?? (client.mailbox || undefined)?.highestModseq;
  const highestModseq = modseq === undefined ? null : String(modseq);
  const now = () => services.clock.now();
  const at = { inboxId: ctx.inboxId, accountId: ctx.accountId, mailbox: path, uidValidity };

  let cursor: Cursor | null = await getCursor(db, ctx.inboxId, path);
  let uidValidityChanged = false;
  if (!cursor || cursor.uid_validity !== uidValidity) {
    uidValidityChanged = !!cursor;
    if (cursor)
      services.log.warn(
        { inboxId: ctx.inboxId, mailbox: path, was: cursor.uid_validity, now: uidValidity },
        'IMAP UIDVALIDITY changed: re-scanning the mailbox (the ingest drops what it has)',
      );
    cursor = await startCursor(db, { ...at, now: now() }, cursor);
    ctx.doneAbove.clear();
  }
  const outcomes: PassResult['outcomes'] = {
    stored: 0,
    duplicate: 0,
    looped: 0,
    rejected: 0,
    failed: 0,
    gave_up: 0,
    too_large: 0,
    too_old: 0,
  };
  const last = cursor.last_uid;
  const pending: Array<{ uid: number; size: number; receivedAt: number }> = [];
  const listing = { uid: true, size: true, internalDate: true } as const;
  if ((status.messages ?? selected.exists) > 0)
    for await (const m of client.fetch(`${last + 1}:*`, listing, { uid: true }))
      if (m.uid > last)
        pending.push({ uid: m.uid, size: m.size ?? 0, receivedAt: receivedAt(m.internalDate) });
  pending.sort((a, b) => a.uid - b.uid);

  const failures = pending.length ? await failuresByUid(db, at) : new Map();
  let watermark = last;
  let blocked = false; // a mail below is still to be retried: the cursor stays before it
  for (const { uid, size, receivedAt } of pending) {
    let done = ctx.doneAbove.has(uid) || failures.get(uid)?.status === 'gave_up';
    if (!done && ctx.importSince !== null && receivedAt < ctx.importSince) {
      outcomes.too_old++; // before the inbox's import window: passed over
      done = true;
    }
    if (!done && size > ctx.maxMessageBytes) {
      const error = `too large: ${size} bytes (limit ${ctx.maxMessageBytes})`;
      const max = ctx.maxAttempts;
      await recordFailure(db, at, uid, { attempts: max, error, maxAttempts: max }, now());
      outcomes.too_large++;
      done = true;
    }
    if (!done) done = await ingestOne(ctx, at, uid, failures.get(uid), outcomes, now);
    if (done) ctx.doneAbove.add(uid);
    else blocked = true;
    if (done && !blocked) {
      watermark = uid;
      ctx.doneAbove.delete(uid);
      await advanceCursor(db, at, watermark, highestModseq, now());
    }
  }
  if (watermark === last) await advanceCursor(db, at, last, highestModseq, now());
  return { uidValidity, lastUid: watermark, outcomes, uidValidityChanged };
}

/** INTERNALDATE in epoch ms (a server that gives none: now, i.e. inside any window). */
function receivedAt(d: Date | string | undefined): number {
  const ms = d === undefined ? Number.NaN : new Date(d).getTime();
  return Number.isFinite(ms) ? ms : Date.now();
}

/** Fetches and ingests one mail; true when the cursor may pass it. */
async function ingestOne(
  ctx: PassContext,
  at: { inboxId: string; accountId: string; mailbox: string; uidValidity: string },
  uid: number,
  failure: Failure | undefined,
  outcomes: PassResult['outcomes'],
  now: () => number,
): Promise<boolean> {
  const db = ctx.services.database.db;
  const msg = await ctx.client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
  if (!msg || !msg.source) return true; // expunged since the listing: nothing to import
  let result: IngestResult;
  try {
    result = await ctx.ingest(ctx.services, {
      inboxId: ctx.inboxId,
      raw: msg.source,
      source: 'imap',
    });
  } catch (err) {
    // The database busy or full, the service unavailable: not this mail's fault. The pass stops
    // without counting an attempt; the loop connects again after its backoff.
    if (isAppError(err) && err.status === 503) throw err;
    result = { status: 'failed', error: err instanceof Error ? err.message : String(err) };
  }
  outcomes[result.status]++;
  if (FINAL.has(result.status)) {
    if (failure) await clearFailure(db, at, uid);
    if (ctx.markSeen && (result.status === 'stored' || result.status === 'duplicate'))
      // Best effort: a folder that refuses flags must not hold the mail (stored already) back.
      await ctx.client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true }).catch((err) => {
        ctx.services.log.warn({ err, inboxId: ctx.inboxId, uid }, 'IMAP: could not flag \\Seen');
      });
    return true;
  }
  // The ingest keeps the mail in its quarantine once it stopped trying (an admin may retry it there).
  const exhausted = result.error === 'email_ingest_attempts_exhausted';
  const f = await recordFailure(
    db,
    at,
    uid,
    {
      attempts: exhausted ? ctx.maxAttempts : (failure?.attempts ?? 0) + 1,
      error: result.error ?? 'failed',
      maxAttempts: ctx.maxAttempts,
      firstAt: failure?.created_at,
    },
    now(),
  );
  ctx.services.log.warn(
    { inboxId: ctx.inboxId, uid, attempts: f.attempts, error: result.error },
    f.status === 'gave_up' ? 'IMAP mail given up after its last attempt' : 'IMAP mail failed',
  );
  if (f.status === 'gave_up') outcomes.gave_up++;
  return f.status === 'gave_up';
}
