/**
 * An admin's second chance for a mail that kept failing: its quarantined raw mail is read back and
 * ingested again with fresh attempts. A mail no longer failing (stored meanwhile) is left alone.
 */
import { conflict, notFound } from '../../../core/errors.ts';
import type { Services } from '../../../core/services.ts';
import { readQuarantined } from '../store/raw-mail.ts';
import { ingestRawMail, type IngestResult } from './ingest.ts';

export async function retryFailedMail(
  services: Services,
  accountId: string,
  inboxId: string,
  keyId: string,
): Promise<IngestResult> {
  const db = services.database.db;
  const row = await db
    .selectFrom('email_inbound_keys')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('inbox_id', '=', inboxId)
    .where('id', '=', keyId)
    .executeTakeFirst();
  if (!row) throw notFound('mail');
  if (row.status !== 'failed')
    throw conflict('email_not_failed', 'This mail is not waiting in quarantine.');
  const raw =
    row.raw_storage_key && row.raw_wrapped_key
      ? await readQuarantined(
          services.storage,
          services.secret,
          row.raw_storage_key,
          row.raw_wrapped_key,
        )
      : null;
  if (!raw) throw conflict('email_not_quarantined', 'The raw mail of this failure was not kept.');
  await db
    .updateTable('email_inbound_keys')
    .set({ attempts: 0 })
    .where('id', '=', row.id)
    .execute();
  return ingestRawMail(services, { inboxId, raw, source: row.source });
}
