/**
 * Gathers what the threading decision (domain/threading.ts) needs, all within one inbox: the
 * conversation a reply token names, the conversations our recorded Message-IDs belong to (with
 * their participants and the subject answered), and the subject window's recent mails of the sender.
 */
import type { Executor } from '../../../core/db/client.ts';
import { splitPlus } from '../domain/addresses.ts';
import type { ThreadCandidate } from '../domain/threading.ts';
import { parseReplyToken } from '../outbound/reply-token.ts';
import { findThreadByMessageIds } from './message-ids.ts';
import { latestSubject, participantsOf, recentMailsOfSender } from './participants.ts';

export interface ThreadFacts {
  token: ThreadCandidate | null;
  idHits: ThreadCandidate[];
  windowHits: ThreadCandidate[];
}

export interface ThreadQuery {
  accountId: string;
  inboxId: string;
  secret: string;
  sender: string;
  /** Every recipient address (To, Cc, the envelope): one may carry a reply token. */
  recipients: string[];
  /** References then In-Reply-To: oldest first (the newest THREAD_LOOKUP_CAP are looked up). */
  ids: string[];
  windowSince: number | null;
}

export async function threadFacts(db: Executor, q: ThreadQuery): Promise<ThreadFacts> {
  const tokenId = tokenConversation(q.secret, q.recipients);
  const hits = await findThreadByMessageIds(db, q.inboxId, q.ids);
  const window =
    q.windowSince === null ? [] : await recentMailsOfSender(db, q.inboxId, q.sender, q.windowSince);
  const ids = [
    ...new Set([
      ...(tokenId ? [tokenId] : []),
      ...hits.map((h) => h.conversationId),
      ...window.map((w) => w.conversationId),
    ]),
  ];
  const rows = ids.length
    ? await db
        .selectFrom('conversations')
        .select(['id', 'status'])
        .where('account_id', '=', q.accountId)
        .where('inbox_id', '=', q.inboxId)
        .where('id', 'in', ids)
        .execute()
    : [];
  const tombstones = ids.length
    ? await db
        .selectFrom('email_tombstones')
        .select('conversation_id')
        .where('inbox_id', '=', q.inboxId)
        .where('conversation_id', 'in', ids)
        .execute()
    : [];
  const dead = new Set(tombstones.map((t) => t.conversation_id));
  const status = new Map(rows.map((r) => [r.id, r.status]));
  const participants = await participantsOf(db, ids);
  const candidate = (id: string, subject: string | null): ThreadCandidate => ({
    conversationId: id,
    status: status.get(id) ?? null,
    tombstoned: dead.has(id),
    participants: participants.get(id) ?? [],
    subject,
  });
  // A token of another inbox's (or account's) conversation means nothing here.
  const token =
    tokenId && (status.has(tokenId) || dead.has(tokenId))
      ? candidate(tokenId, await latestSubject(db, tokenId))
      : null;
  const idHits: ThreadCandidate[] = [];
  // Mail we sent may be recorded without its subject: the conversation's latest known one stands in.
  for (const h of hits)
    idHits.push(
      candidate(h.conversationId, h.subject ?? (await latestSubject(db, h.conversationId))),
    );
  return {
    token,
    idHits,
    windowHits: window.map((w) => candidate(w.conversationId, w.subject)),
  };
}

function tokenConversation(secret: string, recipients: string[]): string | null {
  for (const r of recipients) {
    const { tag } = splitPlus(r);
    const id = tag ? parseReplyToken(secret, tag) : null;
    if (id) return id;
  }
  return null;
}
