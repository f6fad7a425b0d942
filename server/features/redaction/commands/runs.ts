/**
 * Retroactive redaction: a run walks the account's stored messages in id order, BATCH rows per
 * transaction (never a long lock), and counts (dry run) or rewrites (apply) what the account's
 * settings mask. The cursor and counts are saved with each batch, so a run resumes where it stopped
 * (a restart picks up runs still `running`). Masked text has nothing left for the detectors, so a
 * second run changes nothing. Each rewritten message is recorded as `message.updated` (consoles
 * refresh; webhooks and AI workers see only the masked text).
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { labelsOf, loadConversation } from '../../../core/commands/lib/conversations.ts';
import type { Conversation, Message } from '../../../core/db/types.ts';
import { AppError } from '../../../core/errors.ts';
import { newId } from '../../../core/lib/ids.ts';
import { authorize } from '../../../core/policies/can.ts';
import { parseJson, presentConversation, presentMessage } from '../../../core/presenters/index.ts';
import { attachmentsOf } from '../../../core/queries/messages.ts';
import { mayContainPii, redactText } from '../../../nlp/pii/detect.ts';
import { maskLocale, masker } from '../domain/mask.ts';
import { maskedTypes } from '../domain/settings.ts';
import { keepOriginal } from '../store/originals.ts';
import { loadRedaction } from '../store/settings.ts';
import type { RedactionRunsTable } from '../tables.ts';
import { countByType } from './filter.ts';

export const BATCH = 200;

export async function startRun(
  ctx: CommandContext,
  input: { apply: boolean },
): Promise<RedactionRunsTable> {
  authorize(ctx.actor, 'account.manage');
  const active = await ctx.tx
    .selectFrom('redaction_runs')
    .select('id')
    .where('account_id', '=', ctx.accountId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  if (active)
    throw new AppError(
      'redaction_run_active',
      409,
      'A redaction run is already in progress. Wait until it has finished.',
      { runId: active.id },
    );
  const run: RedactionRunsTable = {
    id: newId(ctx.now),
    account_id: ctx.accountId,
    apply: input.apply ? 1 : 0,
    status: 'running',
    cursor: null,
    scanned: 0,
    changed: 0,
    counts: '{}',
    created_by: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
    created_at: ctx.now,
    updated_at: ctx.now,
    finished_at: null,
  };
  await ctx.tx.insertInto('redaction_runs').values(run).execute();
  return run;
}

/** One batch of a run in the caller's transaction; true when the run has finished. */
export async function runBatch(
  ctx: CommandContext,
  input: { runId: string; secret: string; batch?: number },
): Promise<boolean> {
  const run = await ctx.tx
    .selectFrom('redaction_runs')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.runId)
    .executeTakeFirst();
  if (!run || run.status !== 'running') return true;
  const { settings, locale } = await loadRedaction(ctx.tx, ctx.accountId);
  const types = maskedTypes(settings);
  const limit = input.batch ?? BATCH;
  let q = ctx.tx
    .selectFrom('messages')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .orderBy('id')
    .limit(limit);
  if (run.cursor) q = q.where('id', '>', run.cursor);
  const rows = await q.execute();
  const counts = parseJson<Record<string, number>>(run.counts, {});
  let changed = 0;
  const conversations = new Map<string, Conversation>();
  for (const m of rows) {
    if (!types.size || !mayContainPii(m.content)) continue;
    const { text, found } = redactText(m.content, masker(maskLocale(m.content, locale)), types);
    if (!found.length) continue;
    for (const [type, n] of Object.entries(countByType(found)))
      counts[type] = (counts[type] ?? 0) + n;
    changed++;
    if (run.apply)
      await rewrite(
        ctx,
        m,
        text,
        countByType(found),
        conversations,
        input.secret,
        settings.keepOriginal,
      );
  }
  const done = rows.length < limit;
  await ctx.tx
    .updateTable('redaction_runs')
    .set({
      cursor: rows.at(-1)?.id ?? run.cursor,
      scanned: run.scanned + rows.length,
      changed: run.changed + changed,
      counts: JSON.stringify(counts),
      updated_at: ctx.now,
      ...(done ? { status: 'done' as const, finished_at: ctx.now } : {}),
    })
    .where('id', '=', run.id)
    .execute();
  return done;
}

async function rewrite(
  ctx: CommandContext,
  m: Message,
  text: string,
  types: Record<string, number>,
  conversations: Map<string, Conversation>,
  secret: string,
  keep: boolean,
): Promise<void> {
  const attrs = parseJson<Record<string, unknown>>(m.content_attributes, {});
  const content_attributes = JSON.stringify({
    ...attrs,
    redaction: { types, original: keep, retroactive: true },
  });
  await ctx.tx
    .updateTable('messages')
    .set({ content: text, content_attributes })
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', m.id)
    .execute();
  if (keep)
    await keepOriginal(ctx.tx, secret, {
      accountId: ctx.accountId,
      messageId: m.id,
      content: m.content,
      now: ctx.now,
    });
  let conversation = conversations.get(m.conversation_id);
  if (!conversation) {
    conversation = await loadConversation(ctx.tx, ctx.accountId, m.conversation_id);
    conversations.set(m.conversation_id, conversation);
  }
  const updated: Message = { ...m, content: text, content_attributes };
  await ctx.events.record(
    'message.updated',
    {
      message: presentMessage(updated, await attachmentsOf(ctx.tx, [m.id])),
      conversation: presentConversation(conversation, await labelsOf(ctx.tx, conversation.id)),
    },
    conversation.id,
  );
}

/** A failed run stops; a new one can start (it walks from the beginning again). */
export async function failRun(ctx: CommandContext, input: { runId: string }): Promise<void> {
  await ctx.tx
    .updateTable('redaction_runs')
    .set({ status: 'failed', updated_at: ctx.now, finished_at: ctx.now })
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.runId)
    .where('status', '=', 'running')
    .execute();
}
