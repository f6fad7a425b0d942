/** Import: parse → validate every row → apply all rows in one transaction, or nothing. */
import { z } from 'zod';
import type { CommandContext } from '../../../core/commands/context.ts';
import { AppError, badInput } from '../../../core/errors.ts';
import { ID_PATTERN } from '../../../core/lib/ids.ts';
import { ensureCategoryPath } from '../commands/categories.ts';
import { createArticle, setArticleStatus, updateArticle } from '../commands/articles.ts';
import { authorizeKb } from '../domain/policy.ts';
import {
  IMPORT_LIMITS,
  type ImportRowT,
  type ParsedRows,
  parseCsv,
  parseJsonl,
  parseZip,
  tooLargeImport,
  validateRows,
} from './formats.ts';

export const ImportFormat = z.enum(['csv', 'jsonl', 'zip']);
export type ImportFormatT = z.infer<typeof ImportFormat>;

export function parseImport(format: ImportFormatT, data: Buffer): ParsedRows {
  if (data.length > IMPORT_LIMITS.maxBytes)
    throw tooLargeImport(`more than ${IMPORT_LIMITS.maxBytes} bytes`);
  if (!data.length) throw badInput('import_malformed', 'The file is empty.');
  if (format === 'zip') return parseZip(data);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(data);
  return format === 'csv' ? parseCsv(text) : parseJsonl(text);
}

export interface ImportInput {
  format: ImportFormatT;
  data: Buffer;
  status: 'draft' | 'published';
  dryRun?: boolean;
}
export interface ImportResult {
  created: number;
  updated: number;
  rows: number;
  dryRun: boolean;
}

export const importRejected = (errors: unknown[]) =>
  new AppError(
    'import_rejected',
    422,
    'Some rows are invalid; nothing was imported. Fix the listed rows and try again.',
    { errors },
  );

async function applyRow(
  ctx: CommandContext,
  r: ImportRowT,
  status: 'draft' | 'published',
  categories: Map<string, string>,
): Promise<'created' | 'updated'> {
  const categoryId = r.category
    ? await ensureCategoryPath(ctx, r.category, r.locale, categories)
    : null;
  const fields = {
    title: r.question,
    answer: r.answer,
    body: r.body,
    similarQuestions: r.similar_questions,
    keywords: r.keywords,
    tags: r.tags,
    categoryId,
  };
  const existing =
    r.id && ID_PATTERN.test(r.id)
      ? await ctx.tx
          .selectFrom('kb_articles')
          .select(['id', 'status'])
          .where('account_id', '=', ctx.accountId)
          .where('id', '=', r.id)
          .executeTakeFirst()
      : undefined;
  const target = r.status ?? status;
  if (existing) {
    await updateArticle(ctx, { articleId: existing.id, ...fields });
    if (existing.status !== target)
      await setArticleStatus(ctx, { articleId: existing.id, status: target });
    return 'updated';
  }
  const a = await createArticle(ctx, {
    ...fields,
    locale: r.locale,
    status: target === 'published' ? 'published' : 'draft',
    inboxIds: null,
    ownerId: null,
    reviewBy: null,
  });
  if (target === 'archived') await setArticleStatus(ctx, { articleId: a.id, status: 'archived' });
  return 'created';
}

/** The command: all rows valid → all applied in this one transaction; otherwise 422 and nothing stored. */
export async function importArticles(
  ctx: CommandContext,
  input: ImportInput,
): Promise<ImportResult> {
  authorizeKb(ctx.actor, 'kb.manage');
  const { rows, errors } = validateRows(parseImport(input.format, input.data));
  if (errors.length) throw importRejected(errors.slice(0, 500));
  if (!rows.length) throw badInput('import_malformed', 'The file holds no rows.');
  if (input.dryRun) return { created: 0, updated: 0, rows: rows.length, dryRun: true };
  const categories = new Map<string, string>();
  let created = 0,
    updated = 0;
  for (const r of rows) {
    try {
      if ((await applyRow(ctx, r.value, input.status, categories)) === 'created') created++;
      else updated++;
    } catch (err) {
      if (err instanceof AppError && err.status < 500)
        throw importRejected([{ row: r.row, reason: err.message }]);
      throw err;
    }
  }
  await ctx.events.record('kb.imported', { format: input.format, created, updated });
  return { created, updated, rows: rows.length, dryRun: false };
}
