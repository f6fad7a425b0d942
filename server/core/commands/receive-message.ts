/**
 * A customer message arrives (widget, API, channel webhook): idempotent on the sender's client
 * message id; finds or opens the conversation, appends with the next seq, records events.
 */
import type { Conversation, Message } from '../db/types.ts';
import { forbidden, notFound } from '../errors.ts';
import { prepared } from '../db/prepared.ts';
import { newId } from '../lib/ids.ts';
import { onIncomingMessage } from '../domain/conversation-state.ts';
import { presentConversation, presentMessage, parseJson } from '../presenters/index.ts';
import type { CommandContext } from './context.ts';
import { sql } from 'kysely';
import {
  appendMessage,
  claimAttachments,
  findByIdempotencyKey,
  insertAppended,
  labelsOf,
  loadConversation,
  nextCounter,
  type AppendInput,
} from './lib/conversations.ts';
import { attachmentsOf } from '../queries/messages.ts';
import { filterIncomingContent } from '../kit/content-filter-registry.ts';

export interface ReceiveMessageInput {
  inboxId: string;
  contactId: string;
  content: string;
  clientMessageId?: string | null;
  externalId?: string | null;
  attachmentIds?: string[];
  attributes?: Record<string, unknown>;
  /** Merged into the conversation's custom attributes (e.g. the widget's page context). */
  conversationAttributes?: Record<string, unknown>;
}

export interface ReceiveMessageResult {
  message: Message;
  conversation: Conversation;
  duplicate: boolean;
}

export async function receiveMessage(
  ctx: CommandContext,
  given: ReceiveMessageInput,
): Promise<ReceiveMessageResult> {
  if (ctx.actor.kind === 'contact' && ctx.actor.contactId !== given.contactId) throw forbidden();
  if (ctx.actor.kind === 'user') throw forbidden();
  const key = idempotencyKey(given);
  if (key) {
    const existing = await findByIdempotencyKey(ctx.tx, ctx.accountId, key);
    if (existing)
      return {
        message: existing,
        conversation: await loadConversation(ctx.tx, ctx.accountId, existing.conversation_id),
        duplicate: true,
      };
  }
  // Registered content filters (PII redaction) run before anything is stored or recorded.
  const filtered = await filterIncomingContent(ctx, given);
  const input = { ...given, content: filtered.content, attributes: filtered.attributes };
  const append: AppendInput = {
    type: 'incoming',
    senderType: 'contact',
    senderId: input.contactId,
    content: input.content,
    attributes: input.attributes,
    clientMessageId: input.clientMessageId,
    idempotencyKey: key,
    externalId: input.externalId,
    status: 'sent',
  };
  const fast = input.conversationAttributes
    ? null
    : await appendToOpenConversation(ctx, input, append);
  if (fast) {
    for (const after of filtered.afterStore) await after(ctx, fast.message);
    return recordCreated(ctx, input, fast.message, fast.conversation);
  }
  const conversation = await currentOrNewConversation(ctx, input);
  const reopened = conversation.status !== 'open';
  const { message, conversation: updated } = await appendMessage(
    ctx.tx,
    conversation,
    append,
    ctx.now,
    {
      status: 'open',
      snoozed_until: null,
      last_incoming_at: ctx.now,
      waiting_since: conversation.waiting_since ?? ctx.now,
      ...(reopened ? { resolved_at: null } : {}),
      ...(input.conversationAttributes
        ? {
            custom_attributes: JSON.stringify({
              ...parseJson(conversation.custom_attributes, {}),
              ...input.conversationAttributes,
            }),
          }
        : {}),
    },
  );
  for (const after of filtered.afterStore) await after(ctx, message);
  return recordCreated(
    ctx,
    input,
    message,
    updated,
    reopened && conversation.last_seq > 0 ? conversation.status : null,
  );
}

/** Claims the attachments and records the events of a stored message. */
async function recordCreated(
  ctx: CommandContext,
  input: ReceiveMessageInput,
  message: Message,
  updated: Conversation,
  reopenedFrom: Conversation['status'] | null = null,
): Promise<ReceiveMessageResult> {
  await claimAttachments(
    ctx.tx,
    ctx.accountId,
    message.id,
    input.contactId,
    input.attachmentIds ?? [],
  );
  const dto = presentConversation(updated, await labelsOf(ctx.tx, updated.id));
  if (reopenedFrom)
    await ctx.events.record(
      'conversation.status_changed',
      { conversation: dto, previousStatus: reopenedFrom },
      updated.id,
    );
  const attachments = input.attachmentIds?.length ? await attachmentsOf(ctx.tx, [message.id]) : [];
  await ctx.events.record(
    'message.created',
    { message: presentMessage(message, attachments), conversation: dto },
    updated.id,
  );
  return { message, conversation: updated, duplicate: false };
}

/**
 * The common case in one statement: the contact's latest conversation in this inbox is open, so the
 * message goes there. Finding it, checking it and allocating the seq is one UPDATE … RETURNING (the
 * separate lookup of the whole row was the dearest statement of a customer message). Anything else
 * (no conversation yet, pending, snoozed, resolved, closed) takes the general path.
 */
const appendToOpen = prepared(
  (
    db,
    p: { accountId: string; contactId: string; inboxId: string; now: number; messageId: string },
  ) =>
    db
      .updateTable('conversations')
      .set({
        last_seq: sql`last_seq + 1`,
        updated_at: p.now,
        last_message_id: p.messageId,
        last_message_at: p.now,
        last_incoming_at: p.now,
        waiting_since: sql`coalesce(waiting_since, ${p.now})`,
      })
      .where('id', '=', (eb) =>
        eb
          .selectFrom('conversations as c')
          .select('c.id')
          .where('c.account_id', '=', p.accountId)
          .where('c.contact_id', '=', p.contactId)
          .where('c.inbox_id', '=', p.inboxId)
          .orderBy('c.created_at', 'desc')
          .orderBy('c.id', 'desc')
          .limit(1),
      )
      .where('status', '=', 'open')
      .returningAll(),
);

async function appendToOpenConversation(
  ctx: CommandContext,
  input: ReceiveMessageInput,
  append: AppendInput,
): Promise<{ message: Message; conversation: Conversation } | null> {
  const messageId = newId(ctx.now);
  const updated = (await appendToOpen.first(ctx.tx, {
    accountId: ctx.accountId,
    contactId: input.contactId,
    inboxId: input.inboxId,
    now: ctx.now,
    messageId,
  })) as Conversation | undefined;
  if (!updated) return null;
  return {
    message: await insertAppended(ctx.tx, updated, messageId, append, ctx.now),
    conversation: updated,
  };
}

function idempotencyKey(input: ReceiveMessageInput): string | null {
  if (input.clientMessageId) return `contact:${input.contactId}:${input.clientMessageId}`;
  if (input.externalId) return `inbox:${input.inboxId}:${input.externalId}`;
  return null;
}

const latestConversation = prepared(
  (db, p: { accountId: string; contactId: string; inboxId: string }) =>
    db
      .selectFrom('conversations')
      .selectAll()
      .where('account_id', '=', p.accountId)
      .where('contact_id', '=', p.contactId)
      .where('inbox_id', '=', p.inboxId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1),
);

async function currentOrNewConversation(
  ctx: CommandContext,
  input: ReceiveMessageInput,
): Promise<Conversation> {
  const latest = await latestConversation.first(ctx.tx, {
    accountId: ctx.accountId,
    contactId: input.contactId,
    inboxId: input.inboxId,
  });
  if (latest && !onIncomingMessage(latest.status).newConversation) return latest;
  return openConversation(ctx, input.inboxId, input.contactId);
}

export async function openConversation(
  ctx: CommandContext,
  inboxId: string,
  contactId: string,
): Promise<Conversation> {
  const inbox = await ctx.tx
    .selectFrom('inboxes')
    .select(['id', 'settings'])
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', inboxId)
    .executeTakeFirst();
  if (!inbox) throw notFound('inbox');
  const settings = parseJson<{ bot?: { mode?: string } }>(inbox.settings, {});
  const conversation: Conversation = {
    id: newId(ctx.now),
    account_id: ctx.accountId,
    inbox_id: inboxId,
    contact_id: contactId,
    display_id: await nextCounter(ctx.tx, ctx.accountId, 'conversation_display_id'),
    status: 'open',
    snoozed_until: null,
    priority: 'none',
    assignee_id: null,
    team_id: null,
    mode: settings.bot?.mode === 'on' ? 'bot' : 'human',
    last_seq: 0,
    last_message_id: null,
    last_message_at: null,
    last_incoming_at: null,
    waiting_since: null,
    contact_last_read_seq: 0,
    created_at: ctx.now,
    updated_at: ctx.now,
    resolved_at: null,
    custom_attributes: '{}',
  };
  await ctx.tx.insertInto('conversations').values(conversation).execute();
  await ctx.events.record(
    'conversation.created',
    { conversation: presentConversation(conversation, []) },
    conversation.id,
  );
  return conversation;
}
