import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/** Sign-in locks of existing users, kept until the user has been told at their next sign-in. */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  const { ts, id, text } = h;
  await db.schema
    .createTable('sign_in_locks')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('ip', text)
    .addColumn('locked_at', ts, (c) => c.notNull())
    .addColumn('until', ts, (c) => c.notNull())
    .addColumn('told_at', ts)
    .execute();
  await db.schema
    .createIndex('sign_in_locks_user')
    .on('sign_in_locks')
    .columns(['user_id', 'told_at'])
    .execute();
}
