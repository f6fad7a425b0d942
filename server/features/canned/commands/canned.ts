/** Canned responses: create, edit, delete (admins and supervisors: `canned.manage`). */
import type { CommandContext } from '../../../core/commands/context.ts';
import { conflict, notFound } from '../../../core/errors.ts';
import { newId } from '../../../core/lib/ids.ts';
import { authorize } from '../../../core/policies/can.ts';
import { type CannedTexts, cleanTexts, defaultContent } from '../domain/texts.ts';
import { accountLocale, presentCanned } from '../store/canned.ts';

/** The stored columns of a set of texts: `texts` and the core's `content` (the account language's). */
async function textColumns(ctx: CommandContext, texts: CannedTexts) {
  const clean = cleanTexts(texts);
  return {
    texts: JSON.stringify(clean),
    content: defaultContent(clean, await accountLocale(ctx.tx, ctx.accountId)),
  };
}

async function assertCodeFree(ctx: CommandContext, code: string, exceptId?: string) {
  const clash = await ctx.tx
    .selectFrom('canned_responses')
    .select('id')
    .where('account_id', '=', ctx.accountId)
    .where('short_code', '=', code)
    .executeTakeFirst();
  if (clash && clash.id !== exceptId)
    throw conflict('short_code_taken', 'This short code is already used.');
}

export async function createCannedResponse(
  ctx: CommandContext,
  input: { shortCode: string; texts: CannedTexts },
) {
  authorize(ctx.actor, 'canned.manage');
  await assertCodeFree(ctx, input.shortCode);
  const row = {
    id: newId(ctx.now),
    account_id: ctx.accountId,
    short_code: input.shortCode,
    ...(await textColumns(ctx, input.texts)),
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  await ctx.tx.insertInto('canned_responses').values(row).execute();
  return presentCanned(row);
}

/** `texts`, when given, replaces every language's text (a language left out has none after). */
export async function updateCannedResponse(
  ctx: CommandContext,
  input: { id: string; shortCode?: string; texts?: CannedTexts },
) {
  authorize(ctx.actor, 'canned.manage');
  if (input.shortCode) await assertCodeFree(ctx, input.shortCode, input.id);
  const row = await ctx.tx
    .updateTable('canned_responses')
    .set({
      ...(input.shortCode ? { short_code: input.shortCode } : {}),
      ...(input.texts ? await textColumns(ctx, input.texts) : {}),
      updated_at: ctx.now,
    })
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.id)
    .returning(['id', 'short_code', 'texts'])
    .executeTakeFirst();
  if (!row) throw notFound('canned response');
  return presentCanned(row);
}

export async function deleteCannedResponse(ctx: CommandContext, input: { id: string }) {
  authorize(ctx.actor, 'canned.manage');
  const res = await ctx.tx
    .deleteFrom('canned_responses')
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.id)
    .executeTakeFirst();
  if (!Number(res.numDeletedRows)) throw notFound('canned response');
}
