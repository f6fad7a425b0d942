import type { Kysely } from 'kysely';

/** Email channel, outbound: automatic mails sent to one address lately (the per-address rate limit). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('email_outbox_recipient')
    .on('email_outbox')
    .columns(['account_id', 'recipient', 'sent_at'])
    .execute();
}
