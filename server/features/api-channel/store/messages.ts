/** Reads for the app: a conversation of the inbox, its public messages by seq, agents' names. */
import type { Executor } from '../../../core/db/client.ts';
import { notFound } from '../../../core/errors.ts';
import { pathId } from '../../../core/http/schemas.ts';
import type { MessageDTO } from '../../../../shared/dto.ts';

/** A conversation of this inbox (404 for unknown ids, other inboxes and other accounts). */
export async function inboxConversation(
  db: Executor,
  access: { accountId: string; inboxId: string },
  rawId: string,
) {
  const id = pathId(rawId);
  const row = id
    ? await db
        .selectFrom('conversations')
        .selectAll()
        .where('account_id', '=', access.accountId)
        .where('inbox_id', '=', access.inboxId)
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!row) throw notFound('conversation');
  return row;
}

/** Display names of the agents who sent these messages. */
export async function senderNames(
  db: Executor,
  accountId: string,
  messages: Pick<MessageDTO, 'sender'>[],
): Promise<Map<string, string>> {
  const ids = [
    ...new Set(
      messages.filter((m) => m.sender.type === 'user' && m.sender.id).map((m) => m.sender.id!),
    ),
  ];
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('account_id', '=', accountId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
