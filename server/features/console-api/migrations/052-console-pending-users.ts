import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/**
 * POST /api/v1/users records a pending user (an invitation activated by the first sign-in with the
 * password the admin chose) instead of creating the user at once: the name, language and password
 * hash wait here (users.ts explains why).
 */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  const { text } = h;
  await db.schema.alterTable('invitations').addColumn('name', text).execute();
  await db.schema.alterTable('invitations').addColumn('locale', text).execute();
  await db.schema.alterTable('invitations').addColumn('password_hash', text).execute();
  await db.schema.createIndex('invitations_email').on('invitations').columns(['email']).execute();
}
