import type { Kysely } from 'kysely';
import type { MigrationHelpers } from './helpers.ts';

/**
 * Security hardening and identity:
 * - `api_tokens.scopes` (space-separated: `read`, `conversations`, `admin`; existing tokens keep
 *   `admin`, what they could do before) and `api_tokens.expires_at` (null: never).
 * - `two_factor`: one row per user who started enrolling. `secret` (sealed, core/lib/secret-box.ts)
 *   is set once enabled; `pending_secret` while an enrolment waits for its first code; `last_step`
 *   is the TOTP step of the last accepted code (an equal or older step is refused: no replay).
 * - `two_factor_recovery_codes`: ten single-use codes per user, stored as keyed hashes.
 */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  await db.schema
    .alterTable('api_tokens')
    .addColumn('scopes', h.text, (c) => c.notNull().defaultTo('admin'))
    .execute();
  await db.schema.alterTable('api_tokens').addColumn('expires_at', h.ts).execute();
  await db.schema
    .createTable('two_factor')
    .addColumn('user_id', h.id, (c) => c.primaryKey())
    .addColumn('account_id', h.id, (c) => c.notNull())
    .addColumn('secret', h.text)
    .addColumn('pending_secret', h.text)
    .addColumn('enabled_at', h.ts)
    .addColumn('last_step', h.ts)
    .addColumn('updated_at', h.ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('two_factor_recovery_codes')
    .addColumn('id', h.id, (c) => c.primaryKey())
    .addColumn('user_id', h.id, (c) => c.notNull())
    .addColumn('account_id', h.id, (c) => c.notNull())
    .addColumn('code_hash', h.text, (c) => c.notNull())
    .addColumn('created_at', h.ts, (c) => c.notNull())
    .addColumn('used_at', h.ts)
    .execute();
  await db.schema
    .createIndex('two_factor_recovery_codes_user')
    .on('two_factor_recovery_codes')
    .columns(['user_id', 'code_hash'])
    .unique()
    .execute();
}
