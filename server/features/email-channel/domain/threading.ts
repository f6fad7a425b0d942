/**
 * Which conversation an inbound mail belongs to, decided from facts the store gathered (pure).
 * In order: a valid reply token (`support+<token>@…`, unguessable, so no sender check); our own
 * Message-IDs in In-Reply-To/References, newest first, only when the sender took part in that
 * conversation; the optional subject + sender window. Everything is scoped to one inbox before it
 * gets here. A reply whose subject names another topic starts a new conversation (not for automatic
 * mail: an out-of-office reply has a subject of its own); a forward is a
 * new conversation unless it went to a conversation's reply address; automatic and notification
 * mail never joins by subject.
 */
import { normalizeAddress } from './addresses.ts';
import { normalizeSubject, sameTopic } from './subject.ts';

export type ThreadVia = 'token' | 'message_id' | 'subject_window';

export interface ThreadCandidate {
  conversationId: string;
  /** null: the conversation no longer exists. */
  status: 'open' | 'pending' | 'snoozed' | 'resolved' | 'closed' | null;
  tombstoned: boolean;
  /** Addresses the conversation's mails were from, to or cc (normalised). */
  participants: readonly string[];
  /** The subject of the mail this one answers (or the conversation's latest mail). */
  subject: string | null;
}

export interface ThreadInput {
  sender: string;
  subject: string | null;
  forwarded: boolean;
  /** Automatic or notification mail: never joined by subject. */
  automatic: boolean;
  /** From an agent or one of our own addresses: id and token matches need no sender check. */
  fromTeam: boolean;
  token: ThreadCandidate | null;
  idHits: readonly ThreadCandidate[];
  windowHits: readonly ThreadCandidate[];
}

export type ThreadDecision =
  | { conversationId: string; via: ThreadVia }
  | { conversationId: null; reason: NewReason; splitFrom?: string };

export type NewReason =
  | 'no_match'
  | 'new_topic'
  | 'forwarded'
  | 'sender_not_participant'
  | 'conversation_closed'
  | 'conversation_deleted';

const usable = (c: ThreadCandidate) => c.status !== null && c.status !== 'closed' && !c.tombstoned;

export function decideThread(input: ThreadInput): ThreadDecision {
  const sender = normalizeAddress(input.sender);
  if (input.token) {
    const t = input.token;
    if (!usable(t)) return { conversationId: null, reason: gone(t) };
    if (!sameTopic(input.subject, t.subject) && !input.fromTeam && !input.automatic)
      return { conversationId: null, reason: 'new_topic', splitFrom: t.conversationId };
    return { conversationId: t.conversationId, via: 'token' };
  }
  if (input.forwarded && !input.fromTeam) return { conversationId: null, reason: 'forwarded' };
  const byId = fromIdHits(input, sender);
  if (byId) return byId;
  const window = input.automatic || input.forwarded ? null : fromWindow(input, sender);
  if (window) return window;
  return {
    conversationId: null,
    reason: input.idHits.length ? idMissReason(input, sender) : 'no_match',
  };
}

function fromIdHits(input: ThreadInput, sender: string): ThreadDecision | null {
  for (const hit of input.idHits) {
    if (!input.fromTeam && !hit.participants.includes(sender)) continue;
    if (!usable(hit)) return { conversationId: null, reason: gone(hit) };
    if (!input.fromTeam && !input.automatic && !sameTopic(input.subject, hit.subject))
      return { conversationId: null, reason: 'new_topic', splitFrom: hit.conversationId };
    return { conversationId: hit.conversationId, via: 'message_id' };
  }
  return null;
}

function fromWindow(input: ThreadInput, sender: string): ThreadDecision | null {
  const subject = normalizeSubject(input.subject);
  if (!subject) return null;
  const hit = input.windowHits.find(
    (c) => usable(c) && c.participants.includes(sender) && normalizeSubject(c.subject) === subject,
  );
  return hit ? { conversationId: hit.conversationId, via: 'subject_window' } : null;
}

function idMissReason(input: ThreadInput, sender: string): NewReason {
  return input.idHits.some((h) => h.participants.includes(sender))
    ? 'no_match'
    : 'sender_not_participant';
}

const gone = (c: ThreadCandidate): NewReason =>
  c.status === null || c.tombstoned ? 'conversation_deleted' : 'conversation_closed';
