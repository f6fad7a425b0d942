import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/** Per-account OpenID Connect settings and the email domains that route a sign-in to an account. */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  const { ts, id, text, json } = h;
  await db.schema
    .createTable('sso_configs')
    .addColumn('account_id', id, (c) => c.primaryKey())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('issuer', text, (c) => c.notNull())
    .addColumn('client_id', text, (c) => c.notNull())
    .addColumn('client_secret_sealed', text)
    .addColumn('allowed_domains', json, (c) => c.notNull())
    .addColumn('default_role', text, (c) => c.notNull())
    .addColumn('sso_only', 'integer', (c) => c.notNull())
    .addColumn('trust_emails', 'integer', (c) => c.notNull())
    .addColumn('updated_by', id)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sso_domains')
    .addColumn('domain', text, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sso_domains_account')
    .on('sso_domains')
    .column('account_id')
    .execute();
}
