import { sql, type Kysely } from 'kysely';
import type { MigrationHelpers } from '../../../core/db/migrations/helpers.ts';

/**
 * The audit log: one row per security-relevant or admin request (recorded after the response by the
 * feature's HTTP hook). Append-only: triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL),
 * so the application cannot rewrite history; an operator with DDL rights can still drop them.
 */
export async function up(db: Kysely<any>, h: MigrationHelpers): Promise<void> {
  const { ts, id, text, json } = h;
  await db.schema
    .createTable('audit_log')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull())
    .addColumn('actor_type', text, (c) => c.notNull())
    .addColumn('actor_id', id)
    .addColumn('actor_label', text)
    .addColumn('action', text, (c) => c.notNull())
    .addColumn('method', text, (c) => c.notNull())
    .addColumn('route', text, (c) => c.notNull())
    .addColumn('target_type', text)
    .addColumn('target_id', text)
    .addColumn('ip', text)
    .addColumn('user_agent', text)
    .addColumn('request_id', text)
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('detail', json, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  for (const [name, columns] of [
    ['audit_log_account_time', ['account_id', 'created_at', 'id']],
    ['audit_log_account_action', ['account_id', 'action', 'created_at']],
    ['audit_log_account_actor', ['account_id', 'actor_id', 'created_at']],
  ] as const)
    await db.schema
      .createIndex(name)
      .on('audit_log')
      .columns([...columns])
      .execute();

  if (h.dialect === 'postgres') {
    await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'P0001';
      end $$`.execute(db);
    await sql`create trigger audit_log_no_change before update or delete on audit_log
      for each row execute function audit_log_append_only()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only (UPDATE refused)'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, 'audit_log is append-only (DELETE refused)'); end`.execute(db);
  }
}
