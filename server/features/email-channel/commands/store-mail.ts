/**
 * Stores one parsed inbound mail in one transaction: its idempotency key, who it is from, which
 * conversation it belongs to, the message with its attachments and events, and what later mail
 * threads by. The ingest (ingest/ingest.ts) parsed it, stored its files and checked its sender first.
 *
 * Who it is from decides the path:
 * - a delivery report (bounce): the addresses' state, and an activity in the conversation of the
 *   mail that bounced;
 * - the team (an agent's sign-in address, or one of our own addresses), e.g. an agent who answered
 *   from Outlook with support@ in Cc: never a customer message. Threaded, it is kept as a private
 *   note marked `sentOutsideKefu` (the customer already has it; Kefu never sends it again); an
 *   agent's forward of a customer's mail opens a conversation for the original sender; anything
 *   else is refused (`email_from_team_unthreaded`) or, from our own address, counted as a loop;
 * - anyone else: a customer (or an automatic sender), threaded or in a new conversation.
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { loadConversation } from '../../../core/commands/lib/conversations.ts';
import { openConversation } from '../../../core/commands/receive-message.ts';
import type { Conversation } from '../../../core/db/types.ts';
import { isOwnAddress } from '../domain/addresses.ts';
import type { AuthVerdict } from '../domain/auth-verdict.ts';
import { classifyAutoMail, type AutoMailVerdict } from '../domain/auto-mail.ts';
import { forwardedOriginal, type ForwardedOriginal } from '../domain/forward.ts';
import { mailMessage } from '../domain/message-attributes.ts';
import type { EmailSettings } from '../domain/settings.ts';
import { isForwardSubject } from '../domain/subject.ts';
import { decideThread, type ThreadDecision } from '../domain/threading.ts';
import type { IngestResult, IngestSource } from '../ingest/ingest.ts';
import { addressesOf, type ParsedMail } from '../ingest/parse.ts';
import { clearBounces } from '../store/address-state.ts';
import { inlineMap, type StoredPart } from '../store/attachments.ts';
import { findInboundKey, settleInboundKey } from '../store/inbound-keys.ts';
import { findThreadByMessageIds } from '../store/message-ids.ts';
import { resolveSender, teamMember } from '../store/senders.ts';
import { threadFacts } from '../store/thread-facts.ts';
import { appendMail } from './append-mail.ts';
import { storeBounce } from './store-bounce.ts';

export interface StoreMailInput {
  inboxId: string;
  settings: EmailSettings;
  /** Every address of the account's email inboxes. */
  ownAddresses: string[];
  source: IngestSource;
  dedupeKey: string;
  mail: Omit<ParsedMail, 'parts'>;
  parts: StoredPart[];
  auth: AuthVerdict;
  raw: { storageKey: string; dataKey: Buffer; size: number } | null;
  envelopeTo: string[];
  secret: string;
}

export type StoreCtx = { ctx: CommandContext; input: StoreMailInput; auto: AutoMailVerdict };

export async function storeMail(ctx: CommandContext, input: StoreMailInput): Promise<IngestResult> {
  const existing = await findInboundKey(ctx.tx, input.inboxId, input.dedupeKey);
  if (existing && existing.status !== 'failed')
    return {
      status: 'duplicate',
      conversationId: existing.conversation_id ?? undefined,
      messageId: existing.message_id ?? undefined,
    };
  const from = input.mail.from?.address;
  if (!from) return settle(ctx, input, 'rejected', {}, 'email_no_sender');
  const auto = classifyAutoMail({
    headers: input.mail.headers,
    from,
    ownAddresses: input.ownAddresses,
  });
  const s: StoreCtx = { ctx, input, auto };
  if (input.mail.messageId && (await isOurOwnMail(s, input.mail.messageId)))
    return settle(ctx, input, 'looped', {}, 'email_own_mail');
  if (auto.kind === 'bounce' && input.mail.deliveryStatus) {
    const r = await storeBounce(s);
    return settle(ctx, input, 'looped', r);
  }
  const userId = await teamMember(ctx, from);
  const fromTeam = !!userId || auto.kind === 'own';
  const decision = await thread(s, from, fromTeam);
  if (fromTeam) return fromTheTeam(s, decision, userId);
  return fromCustomer(s, decision, from);
}

async function isOurOwnMail(s: StoreCtx, messageId: string): Promise<boolean> {
  const hits = await findThreadByMessageIds(s.ctx.tx, s.input.inboxId, [messageId]);
  return hits.some((h) => h.direction === 'out');
}

async function thread(s: StoreCtx, sender: string, fromTeam: boolean): Promise<ThreadDecision> {
  const { mail, settings } = s.input;
  const window = settings.subjectWindowHours;
  const facts = await threadFacts(s.ctx.tx, {
    accountId: s.ctx.accountId,
    inboxId: s.input.inboxId,
    secret: s.input.secret,
    sender,
    recipients: [...mail.to, ...mail.cc].map((m) => m.address).concat(s.input.envelopeTo),
    ids: [...mail.references, ...mail.inReplyTo], // oldest first: the lookup keeps the newest
    windowSince: window > 0 ? s.ctx.now - window * 3_600_000 : null,
  });
  return decideThread({
    sender,
    subject: mail.subject,
    forwarded: isForwardSubject(mail.subject),
    automatic: s.auto.automatic,
    fromTeam,
    ...facts,
  });
}

async function fromTheTeam(
  s: StoreCtx,
  decision: ThreadDecision,
  userId: string | null,
): Promise<IngestResult> {
  const { ctx, input } = s;
  if (decision.conversationId) {
    const conversation = await loadConversation(ctx.tx, ctx.accountId, decision.conversationId);
    const message = await append(s, conversation, 'team_note', decision, {
      sender: userId ? { type: 'user', id: userId } : { type: 'system', id: null },
      sentOutsideKefu: true,
    });
    return settle(ctx, input, 'stored', { conversationId: conversation.id, messageId: message });
  }
  const original = userId ? forwardOf(input.mail) : null;
  if (original) return forwardedByAgent(s, decision, original);
  if (s.auto.kind === 'own') return settle(ctx, input, 'looped', {}, 'email_own_address');
  return settle(ctx, input, 'rejected', {}, 'email_from_team_unthreaded');
}

function forwardOf(mail: Omit<ParsedMail, 'parts'>): ForwardedOriginal | null {
  const inText = forwardedOriginal(mail.text);
  if (inText) return inText;
  if (!mail.attachedFrom) return null;
  return { from: mail.attachedFrom.address, name: mail.attachedFrom.name, subject: null };
}

/** An agent forwarded a customer's mail to the inbox: a conversation for the original sender. */
async function forwardedByAgent(
  s: StoreCtx,
  decision: ThreadDecision,
  original: ForwardedOriginal,
): Promise<IngestResult> {
  const { ctx, input } = s;
  if (isOwnAddress(original.from, input.ownAddresses))
    return settle(ctx, input, 'rejected', {}, 'email_from_team_unthreaded');
  const sender = await resolveSender(ctx, {
    address: original.from,
    name: original.name,
    verified: input.settings.trustSenders,
  });
  const conversation = await openConversation(ctx, input.inboxId, sender.contactId);
  const message = await append(s, conversation, 'customer', decision, {
    sender: { type: 'contact', id: sender.contactId },
    forwarded: original,
    isNew: true,
    rawContact: sender.contactId,
  });
  return settle(ctx, input, 'stored', { conversationId: conversation.id, messageId: message });
}

async function fromCustomer(
  s: StoreCtx,
  decision: ThreadDecision,
  from: string,
): Promise<IngestResult> {
  const { ctx, input, auto } = s;
  const sender = await resolveSender(ctx, {
    address: from,
    name: input.mail.from?.name ?? null,
    verified: input.auth.verified,
  });
  if (input.auth.verified) await clearBounces(ctx.tx, ctx.accountId, from, ctx.now);
  const current = decision.conversationId
    ? await loadConversation(ctx.tx, ctx.accountId, decision.conversationId)
    : null;
  const conversation: Conversation =
    current ?? (await openConversation(ctx, input.inboxId, sender.contactId));
  const forwarded = isForwardSubject(input.mail.subject) ? forwardOf(input.mail) : null;
  const message = await append(
    s,
    conversation,
    auto.automatic ? 'automatic' : 'customer',
    decision,
    {
      sender: { type: 'contact', id: sender.contactId },
      forwarded,
      isNew: !current,
      rawContact: sender.contactId,
    },
  );
  return settle(ctx, input, auto.automatic ? 'looped' : 'stored', {
    conversationId: conversation.id,
    messageId: message,
  });
}

async function append(
  s: StoreCtx,
  conversation: Conversation,
  kind: 'customer' | 'automatic' | 'team_note',
  decision: ThreadDecision,
  o: {
    sender: { type: 'contact' | 'user' | 'system'; id: string | null };
    forwarded?: ForwardedOriginal | null;
    sentOutsideKefu?: boolean;
    isNew?: boolean;
    rawContact?: string;
  },
): Promise<string> {
  const { ctx, input, auto } = s;
  const message = mailMessage(input.mail, {
    source: input.source,
    auth: input.auth,
    auto,
    thread: decision,
    inline: inlineMap(input.parts),
    forwarded: o.forwarded,
    sentOutsideKefu: o.sentOutsideKefu,
  });
  const own = (a: string) => isOwnAddress(a, input.ownAddresses);
  const stored = await appendMail(ctx, {
    inboxId: input.inboxId,
    conversation,
    kind,
    sender: o.sender,
    message,
    parts: input.parts,
    rfcMessageId: input.mail.messageId,
    subject: input.mail.subject,
    participants: addressesOf(input.mail).filter((a) => !own(a)),
    raw: input.raw && o.rawContact ? { ...input.raw, contactId: o.rawContact } : null,
    idempotencyKey: `email:${input.inboxId}:${input.dedupeKey}`,
    secret: input.secret,
    newConversation: !!o.isNew,
  });
  return stored.id;
}

async function settle(
  ctx: CommandContext,
  input: StoreMailInput,
  status: 'stored' | 'looped' | 'rejected',
  ids: { conversationId?: string | null; messageId?: string | null },
  error?: string,
): Promise<IngestResult> {
  await settleInboundKey(
    ctx.tx,
    {
      accountId: ctx.accountId,
      inboxId: input.inboxId,
      dedupeKey: input.dedupeKey,
      source: input.source,
      now: ctx.now,
    },
    { status, conversationId: ids.conversationId, messageId: ids.messageId, error },
  );
  return {
    status,
    ...(ids.conversationId ? { conversationId: ids.conversationId } : {}),
    ...(ids.messageId ? { messageId: ids.messageId } : {}),
    ...(error ? { error } : {}),
  };
}
