/**
 * A contact's conversations across every inbox and channel, newest first, including conversations
 * of contacts merged into it (merging moves them, but a retired contact's id still resolves here).
 */
import type { Executor } from '../../../core/db/client.ts';
import { SEES_ALL, type Visibility, visibleWhere } from '../../../core/policies/visibility.ts';
import { iso } from '../../../core/presenters/index.ts';
import { decodeCursor, encodeCursor } from '../../../core/queries/conversations.ts';

/** The surviving contact for an id (following merges) and every contact id merged into it. */
export async function contactFamily(
  db: Executor,
  accountId: string,
  id: string,
): Promise<{ rootId: string; ids: string[] } | null> {
  let current = await db
    .selectFrom('contacts')
    .select(['id', 'merged_into_id'])
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  for (let i = 0; current?.merged_into_id && i < 10; i++) {
    current = await db
      .selectFrom('contacts')
      .select(['id', 'merged_into_id'])
      .where('account_id', '=', accountId)
      .where('id', '=', current.merged_into_id)
      .executeTakeFirst();
  }
  if (!current) return null;
  const ids = [current.id];
  for (let frontier = [current.id], depth = 0; frontier.length && depth < 10; depth++) {
    const next = await db
      .selectFrom('contacts')
      .select('id')
      .where('account_id', '=', accountId)
      .where('merged_into_id', 'in', frontier)
      .execute();
    frontier = next.map((r) => r.id).filter((x) => !ids.includes(x));
    ids.push(...frontier);
  }
  return { rootId: current.id, ids };
}

export async function contactTimeline(
  db: Executor,
  accountId: string,
  contactIds: string[],
  limit: number,
  cursor?: string,
  visibility: Visibility = SEES_ALL,
) {
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await db
    .selectFrom('conversations as c')
    .innerJoin('inboxes as i', 'i.id', 'c.inbox_id')
    .leftJoin('messages as m', 'm.id', 'c.last_message_id')
    .select([
      'c.id',
      'c.display_id',
      'c.status',
      'c.priority',
      'c.assignee_id',
      'c.team_id',
      'c.contact_id',
      'c.created_at',
      'c.updated_at',
      'c.resolved_at',
      'c.last_message_at',
      'c.inbox_id',
      'i.name as inbox_name',
      'i.channel_type',
      'm.content as last_content',
      'm.message_type as last_type',
      'm.sender_type as last_sender_type',
      'm.created_at as last_created_at',
    ])
    .where('c.account_id', '=', accountId)
    .where('c.contact_id', 'in', contactIds)
    .where(visibleWhere(visibility, 'c'))
    .$if(!!after, (qb) =>
      qb.where((eb) => eb(eb.refTuple('c.updated_at', 'c.id'), '<', eb.tuple(after!.t, after!.id))),
    )
    .orderBy('c.updated_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => ({
      id: r.id,
      displayId: Number(r.display_id),
      status: r.status,
      priority: r.priority,
      assigneeId: r.assignee_id,
      teamId: r.team_id,
      contactId: r.contact_id,
      inbox: { id: r.inbox_id, name: r.inbox_name, channelType: r.channel_type },
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
      resolvedAt: iso(r.resolved_at),
      lastMessageAt: iso(r.last_message_at),
      lastMessage:
        r.last_content == null
          ? null
          : {
              content: r.last_content.slice(0, 200),
              type: r.last_type,
              senderType: r.last_sender_type,
              createdAt: iso(r.last_created_at),
            },
    })),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ t: Number(last.updated_at), id: last.id })
        : null,
  };
}
