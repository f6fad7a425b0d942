/**
 * What an outgoing mail needs from its conversation: the thread's Message-IDs (the first and the
 * newest), the customer's last mail, and the earlier messages to quote.
 */
import type { Executor } from '../../../core/db/client.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import { normalizeMessageId } from '../store/message-ids.ts';
import { REFERENCES_CAP } from './headers.ts';
import { QUOTE_LIMIT, type QuotedMessage } from './quote.ts';

export interface ThreadFacts {
  /** The thread's ids oldest first, without the mail being sent. */
  chain: string[];
  customerLast: string | null;
  quoted: QuotedMessage[];
}

interface Scope {
  accountId: string;
  inboxId: string;
  conversationId: string;
  /** The message being sent: its seq (earlier messages are quoted) and its own Message-ID. */
  seq: number;
  ownMessageId: string;
  /** How the bot and automatic senders are named in the quote header. */
  teamName: string;
}

/**
 * The id as the mail wrote it: the map keeps ids lower-cased for lookups, but mail clients compare
 * In-Reply-To and References with their own ids as written (Outlook's are upper case).
 */
function asWritten(row: { message_id: string; content_attributes: string | null }): string {
  const written = parseJson<{ email?: { messageId?: unknown } }>(row.content_attributes, {}).email
    ?.messageId;
  return typeof written === 'string' && normalizeMessageId(written) === row.message_id
    ? written.trim().replace(/^<+/, '').replace(/>+$/, '')
    : row.message_id;
}

async function threadIds(db: Executor, s: Scope) {
  const base = db
    .selectFrom('email_message_ids as i')
    .leftJoin('messages as m', 'm.id', 'i.kefu_message_id')
    .select(['i.message_id', 'i.direction', 'm.content_attributes'])
    .where('i.inbox_id', '=', s.inboxId)
    .where('i.conversation_id', '=', s.conversationId)
    .where('i.message_id', '!=', normalizeMessageId(s.ownMessageId));
  const first = await base.orderBy('i.created_at').orderBy('i.id').limit(1).execute();
  const newestFirst = await base
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(REFERENCES_CAP * 2)
    .execute();
  const chain = [...new Set([...first, ...[...newestFirst].reverse()].map(asWritten))];
  let lastIn = newestFirst.find((r) => r.direction === 'in');
  lastIn ??= await base
    .where('i.direction', '=', 'in')
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { chain, customerLast: lastIn ? asWritten(lastIn) : null };
}

async function earlierMessages(db: Executor, s: Scope): Promise<QuotedMessage[]> {
  const rows = await db
    .selectFrom('messages as m')
    .leftJoin('users as u', (j) =>
      j.onRef('u.id', '=', 'm.sender_id').on('m.sender_type', '=', 'user'),
    )
    .leftJoin('contacts as c', (j) =>
      j.onRef('c.id', '=', 'm.sender_id').on('m.sender_type', '=', 'contact'),
    )
    .select(['m.content', 'm.created_at', 'm.sender_type', 'u.name as userName'])
    .select(['c.name as contactName', 'c.email as contactEmail'])
    .where('m.account_id', '=', s.accountId)
    .where('m.conversation_id', '=', s.conversationId)
    .where('m.message_type', 'in', ['incoming', 'outgoing'])
    .where('m.seq', '<', s.seq)
    .orderBy('m.seq', 'desc')
    .limit(QUOTE_LIMIT)
    .execute();
  return rows
    .filter((r) => r.content.trim())
    .map((r) => ({
      who:
        r.sender_type === 'contact'
          ? r.contactName
            ? `${r.contactName}${r.contactEmail ? ` <${r.contactEmail}>` : ''}`
            : (r.contactEmail ?? '—')
          : r.sender_type === 'user'
            ? (r.userName ?? s.teamName)
            : s.teamName,
      at: Number(r.created_at),
      text: r.content,
    }));
}

export async function threadFacts(
  db: Executor,
  s: Scope,
  withQuote: boolean,
): Promise<ThreadFacts> {
  const { chain, customerLast } = await threadIds(db, s);
  return {
    chain,
    customerLast,
    quoted: withQuote ? await earlierMessages(db, s) : [],
  };
}
