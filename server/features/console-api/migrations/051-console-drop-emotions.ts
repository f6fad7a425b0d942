import type { Kysely } from 'kysely';

/**
 * The supervisor view reads the AI feature's `conversation_ai` row (its published read model) instead
 * of a copy kept by a console processor: one write less per analysed message.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('conversation_emotions').ifExists().execute();
}
