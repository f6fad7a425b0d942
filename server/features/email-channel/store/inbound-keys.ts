/**
 * One row per inbound mail and inbox (its idempotency key): stored, looped (automatic mail from our
 * own address, no requester), rejected, tombstoned (its conversation was deleted) or failed with
 * its attempts, last error and quarantined raw mail. Only a failed mail with attempts left is tried again.
 */
import type { Executor } from '../../../core/db/client.ts';
import { newId } from '../../../core/lib/ids.ts';
import type { EmailInboundKeysTable, InboundKeyStatus } from '../tables.ts';

export type InboundKey = EmailInboundKeysTable;

export function findInboundKey(
  db: Executor,
  inboxId: string,
  dedupeKey: string,
): Promise<InboundKey | undefined> {
  return db
    .selectFrom('email_inbound_keys')
    .selectAll()
    .where('inbox_id', '=', inboxId)
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirst();
}

interface KeyRef {
  accountId: string;
  inboxId: string;
  dedupeKey: string;
  source: InboundKey['source'];
  now: number;
}

/** Records a final outcome (inserts the key, or settles a failed one). */
export async function settleInboundKey(
  tx: Executor,
  ref: KeyRef,
  outcome: {
    status: Exclude<InboundKeyStatus, 'failed'>;
    conversationId?: string | null;
    messageId?: string | null;
    error?: string | null;
  },
): Promise<void> {
  const values = {
    status: outcome.status,
    conversation_id: outcome.conversationId ?? null,
    message_id: outcome.messageId ?? null,
    last_error: outcome.error ?? null,
    raw_storage_key: null,
    raw_wrapped_key: null,
    updated_at: ref.now,
  };
  await tx
    .insertInto('email_inbound_keys')
    .values({
      id: newId(ref.now),
      account_id: ref.accountId,
      inbox_id: ref.inboxId,
      dedupe_key: ref.dedupeKey,
      source: ref.source,
      attempts: 1,
      created_at: ref.now,
      ...values,
    })
    .onConflict((oc) =>
      oc
        .columns(['inbox_id', 'dedupe_key'])
        .doUpdateSet({ ...values, attempts: (eb) => eb('email_inbound_keys.attempts', '+', 1) }),
    )
    .execute();
}

/**
 * Counts a failed attempt (with the quarantined raw mail); returns the attempts so far, or null when
 * the key is no longer failing (a concurrent delivery of the same mail settled it).
 */
export async function recordFailure(
  db: Executor,
  ref: KeyRef,
  error: string,
  quarantine: { storageKey: string; wrappedKey: string } | null,
): Promise<number | null> {
  const values = {
    status: 'failed' as const,
    last_error: error.slice(0, 500),
    updated_at: ref.now,
    ...(quarantine
      ? { raw_storage_key: quarantine.storageKey, raw_wrapped_key: quarantine.wrappedKey }
      : {}),
  };
  const row = await db
    .insertInto('email_inbound_keys')
    .values({
      id: newId(ref.now),
      account_id: ref.accountId,
      inbox_id: ref.inboxId,
      dedupe_key: ref.dedupeKey,
      source: ref.source,
      attempts: 1,
      conversation_id: null,
      message_id: null,
      raw_storage_key: quarantine?.storageKey ?? null,
      raw_wrapped_key: quarantine?.wrappedKey ?? null,
      created_at: ref.now,
      ...values,
    })
    .onConflict((oc) =>
      oc
        .columns(['inbox_id', 'dedupe_key'])
        .doUpdateSet({ ...values, attempts: (eb) => eb('email_inbound_keys.attempts', '+', 1) })
        // A concurrent delivery of the same mail stored it meanwhile: that outcome stands.
        .where('email_inbound_keys.status', '=', 'failed'),
    )
    .returning('attempts')
    .executeTakeFirst();
  return row ? Number(row.attempts) : null;
}
