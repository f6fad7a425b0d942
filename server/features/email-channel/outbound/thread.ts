/**
 * What an outgoing mail needs from its conversation: the thread's Message-IDs (the first and the
 * newest), the customer's last mail, the original subject, and the earlier messages to quote.
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
  subject: string | null;
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

async function threadIds(db: Executor, s: Scope) {
  const base = db
    .selectFrom('email_message_ids')
    .select(['message_id', 'direction'])
    .where('inbox_id', '=', s.inboxId)
    .where('conversation_id', '=', s.conversationId)
    .where('message_id', '!=', normalizeMessageId(s.ownMessageId));
  const first = await base.orderBy('created_at').orderBy('id').limit(1).execute();
  const newestFirst = await base
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(REFERENCES_CAP * 2)
    .execute();
  const chain = [...new Set([...first, ...[...newestFirst].reverse()].map((r) => r.message_id))];
  let customerLast = newestFirst.find((r) => r.direction === 'in')?.message_id ?? null;
  if (!customerLast) {
    const lastIn = await base
      .where('direction', '=', 'in')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    customerLast = lastIn?.message_id ?? null;
  }
  return { chain, customerLast };
}

const subjectOf = (attributes: string) => {
  const s = parseJson<{ email?: { subject?: unknown } }>(attributes, {}).email?.subject;
  return typeof s === 'string' && s.trim() ? s : null;
};

/** The conversation's first subject (the mail that opened it, or the one an agent started it with). */
async function originalSubject(db: Executor, s: Scope): Promise<string | null> {
  const rows = await db
    .selectFrom('messages')
    .select('content_attributes')
    .where('account_id', '=', s.accountId)
    .where('conversation_id', '=', s.conversationId)
    .where('message_type', 'in', ['incoming', 'outgoing'])
    .orderBy('seq')
    .limit(20)
    .execute();
  for (const r of rows) {
    const subject = subjectOf(r.content_attributes);
    if (subject) return subject;
  }
  return null;
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
    subject: await originalSubject(db, s),
    quoted: withQuote ? await earlierMessages(db, s) : [],
  };
}
