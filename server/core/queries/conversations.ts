/**
 * The inbox list: keyset-paginated conversations with last message, contact and the viewer's unread
 * count. A fixed number of SQL statements per page, whatever the page size.
 */
import { sql, type Expression, type SqlBool, type ExpressionBuilder } from 'kysely';
import type { Executor } from '../db/client.ts';
import type { Actor } from '../policies/actor.ts';
import { type Visibility, visibleWhere } from '../policies/visibility.ts';
import type { ConversationStatus, DB } from '../db/types.ts';
import { badInput } from '../errors.ts';
import { presentConversation, presentContact, iso } from '../presenters/index.ts';

export interface ConversationFilters {
  status?: ConversationStatus[];
  assigneeId?: string | 'none';
  teamId?: string | 'none';
  inboxId?: string;
  contactId?: string;
  label?: string;
  updatedSince?: number;
  q?: string;
  mode?: 'bot' | 'human';
  /** Who is looking (policies/visibility.ts); absent: everything of the account. */
  visibility?: Visibility;
}

export interface ListConversationsInput extends ConversationFilters {
  accountId: string;
  viewerId: string | null;
  limit: number;
  cursor?: string;
  sort?: ConversationSort;
}

/**
 * last_activity: updated_at desc · created: created_at desc · waiting: waiting_since asc, never-waiting
 * last · priority: urgent > high > medium > low > none, then last activity. Ties break on id.
 */
export type ConversationSort = 'last_activity' | 'created' | 'waiting' | 'priority';
export const SORTS = [
  'last_activity',
  'created',
  'waiting',
  'priority',
] as const satisfies readonly ConversationSort[];

/** t: the sort timestamp, r: the priority rank (priority sort only). */
type Cursor = { t: number; id: string; r?: number };
const NEVER = 8_640_000_000_000_000; // max Date ms: "not waiting" sorts after every real waiting_since
export const PRIORITY_RANK: Record<string, number> = {
  urgent: 4,
  high: 3,
  medium: 2,
  low: 1,
  none: 0,
};
const rankSql = sql<number>`(case conversations.priority when 'urgent' then 4 when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end)`;
const waitingSql = sql<number>`coalesce(conversations.waiting_since, ${sql.lit(NEVER)})`;
export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
export function decodeCursor(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (
      typeof c?.t === 'number' &&
      typeof c?.id === 'string' &&
      (c.r === undefined || typeof c.r === 'number')
    )
      return c;
  } catch {
    /* fall through */
  }
  throw badInput('invalid_cursor', 'The cursor is invalid.');
}

export function applyFilters(
  eb: ExpressionBuilder<DB, 'conversations'>,
  f: ConversationFilters & { accountId: string },
) {
  const conds: Expression<SqlBool>[] = [eb('conversations.account_id', '=', f.accountId)];
  if (f.visibility?.restricted) conds.push(visibleWhere(f.visibility)(eb));
  if (f.status?.length) conds.push(eb('conversations.status', 'in', f.status));
  if (f.assigneeId)
    conds.push(
      f.assigneeId === 'none'
        ? eb('conversations.assignee_id', 'is', null)
        : eb('conversations.assignee_id', '=', f.assigneeId),
    );
  if (f.teamId)
    conds.push(
      f.teamId === 'none'
        ? eb('conversations.team_id', 'is', null)
        : eb('conversations.team_id', '=', f.teamId),
    );
  if (f.inboxId) conds.push(eb('conversations.inbox_id', '=', f.inboxId));
  if (f.contactId) conds.push(eb('conversations.contact_id', '=', f.contactId));
  if (f.mode) conds.push(eb('conversations.mode', '=', f.mode));
  if (f.updatedSince != null) conds.push(eb('conversations.updated_at', '>=', f.updatedSince));
  if (f.label) {
    conds.push(
      eb.exists(
        eb
          .selectFrom('conversation_labels')
          .innerJoin('labels', 'labels.id', 'conversation_labels.label_id')
          .select(sql`1`.as('one'))
          .whereRef('conversation_labels.conversation_id', '=', 'conversations.id')
          .where('labels.name', '=', f.label),
      ),
    );
  }
  if (f.q) {
    const pattern = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`).toLowerCase()}%`;
    conds.push(
      eb.exists(
        eb
          .selectFrom('messages')
          .select(sql`1`.as('one'))
          .whereRef('messages.conversation_id', '=', 'conversations.id')
          .where(sql<SqlBool>`lower(messages.content) like ${pattern} escape '\\'`),
      ),
    );
  }
  return eb.and(conds);
}

export async function listConversations(db: Executor, input: ListConversationsInput) {
  const sort = input.sort ?? 'last_activity';
  const column = sort === 'created' ? 'conversations.created_at' : 'conversations.updated_at';
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  if (cursor && sort === 'priority' && typeof cursor.r !== 'number')
    throw badInput('invalid_cursor', 'The cursor is invalid.');
  const rows = await db
    .selectFrom('conversations')
    .leftJoin('messages as last', 'last.id', 'conversations.last_message_id')
    .leftJoin('conversation_reads as r', (j) =>
      j
        .onRef('r.conversation_id', '=', 'conversations.id')
        .on('r.user_id', '=', input.viewerId ?? ''),
    )
    .selectAll('conversations')
    .select([
      'last.content as last_content',
      'last.message_type as last_type',
      'last.sender_type as last_sender_type',
      'last.created_at as last_created_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('messages as u')
        .select(eb.fn.countAll().as('n'))
        .whereRef('u.conversation_id', '=', 'conversations.id')
        .where('u.message_type', '=', 'incoming')
        .where('u.seq', '>', eb.fn.coalesce('r.last_read_seq', sql.lit(0)))
        .as('unread'),
    )
    .where((eb) => applyFilters(eb, input))
    // A row-value comparison lets both SQLite and PostgreSQL seek the index to the cursor.
    .$if(!!cursor && (sort === 'last_activity' || sort === 'created'), (qb) =>
      qb.where((eb) =>
        eb(eb.refTuple(column, 'conversations.id'), '<', eb.tuple(cursor!.t, cursor!.id)),
      ),
    )
    .$if(!!cursor && sort === 'waiting', (qb) =>
      qb.where(sql<SqlBool>`(${waitingSql}, conversations.id) > (${cursor!.t}, ${cursor!.id})`),
    )
    .$if(!!cursor && sort === 'priority', (qb) =>
      qb.where(
        sql<SqlBool>`(${rankSql}, conversations.updated_at, conversations.id) < (${cursor!.r!}, ${cursor!.t}, ${cursor!.id})`,
      ),
    )
    .$if(sort === 'last_activity' || sort === 'created', (qb) =>
      qb.orderBy(column, 'desc').orderBy('conversations.id', 'desc'),
    )
    .$if(sort === 'waiting', (qb) =>
      qb.orderBy(waitingSql, 'asc').orderBy('conversations.id', 'asc'),
    )
    .$if(sort === 'priority', (qb) =>
      qb
        .orderBy(rankSql, 'desc')
        .orderBy('conversations.updated_at', 'desc')
        .orderBy('conversations.id', 'desc'),
    )
    .limit(input.limit + 1)
    .execute();
  const page = rows.slice(0, input.limit);
  const ids = page.map((r) => r.id);
  const [labels, contacts] = await Promise.all([
    labelsFor(db, ids),
    contactsFor(
      db,
      page.map((r) => r.contact_id),
    ),
  ]);
  const last = page[page.length - 1];
  const data = page.map((r) => ({
    ...presentConversation(r, labels.get(r.id) ?? []),
    contact: contacts.get(r.contact_id) ?? null,
    unreadCount: Number(r.unread ?? 0),
    lastMessage:
      r.last_content == null
        ? null
        : {
            content: r.last_content.slice(0, 280),
            type: r.last_type,
            senderType: r.last_sender_type,
            createdAt: iso(r.last_created_at),
          },
  }));
  const nextCursor = rows.length > input.limit && last ? encodeCursor(cursorOf(last, sort)) : null;
  return { data, nextCursor };
}

function cursorOf(
  row: {
    id: string;
    created_at: number;
    updated_at: number;
    waiting_since: number | null;
    priority: string;
  },
  sort: ConversationSort,
): Cursor {
  if (sort === 'created') return { t: Number(row.created_at), id: row.id };
  if (sort === 'waiting')
    return { t: row.waiting_since == null ? NEVER : Number(row.waiting_since), id: row.id };
  if (sort === 'priority')
    return { r: PRIORITY_RANK[row.priority] ?? 0, t: Number(row.updated_at), id: row.id };
  return { t: Number(row.updated_at), id: row.id };
}

async function labelsFor(db: Executor, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('conversation_labels')
    .innerJoin('labels', 'labels.id', 'conversation_labels.label_id')
    .select(['conversation_labels.conversation_id as cid', 'labels.name'])
    .where('conversation_labels.conversation_id', 'in', ids)
    .execute();
  for (const r of rows) out.set(r.cid, [...(out.get(r.cid) ?? []), r.name].sort());
  return out;
}

async function contactsFor(db: Executor, ids: string[]) {
  const out = new Map<string, ReturnType<typeof presentContact>>();
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('contacts')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const r of rows) out.set(r.id, presentContact(r));
  return out;
}

export async function countConversations(
  db: Executor,
  input: ConversationFilters & { accountId: string },
): Promise<number> {
  const row = await db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) => applyFilters(eb, input))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Counts for every inbox view in a fixed number of statements: open conversations that are mine /
 * unassigned / all, conversations per status, and open ones per team, inbox and label. With `mode`
 * every one of those counts only conversations in that mode (the console asks for `human`: the
 * conversations people own; the bot's stay out of the human views until handover). `bot` is always
 * the number of open conversations the bot owns, whatever `mode` says.
 */
export async function viewCounts(
  db: Executor,
  accountId: string,
  userId: string | null,
  visibility?: Visibility,
  opts: { mode?: 'bot' | 'human' } = {},
) {
  const visible = (eb: ExpressionBuilder<DB, 'conversations'>) =>
    visibility?.restricted
      ? eb.and([eb('conversations.account_id', '=', accountId), visibleWhere(visibility)(eb)])
      : eb('conversations.account_id', '=', accountId);
  const inMode = (eb: ExpressionBuilder<DB, 'conversations'>) =>
    opts.mode ? [eb('conversations.mode', '=', opts.mode)] : [];
  const scoped = (eb: ExpressionBuilder<DB, 'conversations'>) =>
    eb.and([visible(eb), ...inMode(eb)]);
  const openAnyMode = (eb: ExpressionBuilder<DB, 'conversations'>) =>
    eb.and([visible(eb), eb('conversations.status', '=', 'open')]);
  const open = (eb: ExpressionBuilder<DB, 'conversations'>) =>
    eb.and([openAnyMode(eb), ...inMode(eb)]);
  /** count(case when <all of conds> then 1 end): one pass over the open rows for every total. */
  const countWhen = (eb: ExpressionBuilder<DB, 'conversations'>, conds: Expression<SqlBool>[]) =>
    conds.length
      ? eb.fn.count<number>(eb.case().when(eb.and(conds)).then(1).end())
      : eb.fn.countAll<number>();
  const [totals, byStatus, byTeam, byInbox, byLabel] = await Promise.all([
    db
      .selectFrom('conversations')
      .where(openAnyMode)
      .select((eb) => [
        countWhen(eb, inMode(eb)).as('all'),
        countWhen(eb, [eb('conversations.assignee_id', 'is', null), ...inMode(eb)]).as(
          'unassigned',
        ),
        countWhen(eb, [eb('conversations.assignee_id', '=', userId ?? ''), ...inMode(eb)]).as(
          'mine',
        ),
        countWhen(eb, [eb('conversations.mode', '=', 'bot')]).as('bot'),
      ])
      .executeTakeFirst(),
    db
      .selectFrom('conversations')
      .where(scoped)
      .select(['status', (eb) => eb.fn.countAll().as('n')])
      .groupBy('status')
      .execute(),
    db
      .selectFrom('conversations')
      .where(open)
      .where('team_id', 'is not', null)
      .select(['team_id as k', (eb) => eb.fn.countAll().as('n')])
      .groupBy('team_id')
      .execute(),
    db
      .selectFrom('conversations')
      .where(open)
      .select(['inbox_id as k', (eb) => eb.fn.countAll().as('n')])
      .groupBy('inbox_id')
      .execute(),
    db
      .selectFrom('conversations')
      .innerJoin('conversation_labels', 'conversation_labels.conversation_id', 'conversations.id')
      .innerJoin('labels', 'labels.id', 'conversation_labels.label_id')
      .where(open)
      .select(['labels.name as k', (eb) => eb.fn.countAll().as('n')])
      .groupBy('labels.name')
      .execute(),
  ]);
  const toMap = (rows: Array<{ k: string | null; n: unknown }>) =>
    Object.fromEntries(rows.filter((r) => r.k != null).map((r) => [r.k as string, Number(r.n)]));
  return {
    mine: Number(totals?.mine ?? 0),
    unassigned: Number(totals?.unassigned ?? 0),
    all: Number(totals?.all ?? 0),
    bot: Number(totals?.bot ?? 0),
    byStatus: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])) as Record<
      string,
      number
    >,
    byTeam: toMap(byTeam),
    byInbox: toMap(byInbox),
    byLabel: toMap(byLabel),
  };
}

/** A visitor's current conversation in their inbox: the newest one (whatever its status). */
export async function currentConversation(
  db: Executor,
  actor: Extract<Actor, { kind: 'contact' }>,
) {
  return db
    .selectFrom('conversations')
    .selectAll()
    .where('account_id', '=', actor.accountId)
    .where('contact_id', '=', actor.contactId)
    .where('inbox_id', '=', actor.inboxId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
