import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/**
 * Email channel, IMAP sync: how far back an inbox's first sync reaches (days before the settings
 * were created; null: the whole mailbox). Older mail is passed over, not imported.
 */
export async function up(db: Kysely<any>, _h: MigrationHelpers): Promise<void> {
  await db.schema.alterTable('email_imap_settings').addColumn('import_days', 'integer').execute();
}
