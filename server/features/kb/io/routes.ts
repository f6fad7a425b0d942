/** Import (multipart file or JSON {content}) and export (csv, jsonl, zip) routes. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import type { Executor } from '../../../core/db/client.ts';
import { badInput, invalid } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { localized, parseList, parseNames } from '../domain/model.ts';
import { authorizeKb } from '../domain/policy.ts';
import { type ExportRow, IMPORT_LIMITS, toCsv, toJsonl, toZip, tooLargeImport } from './formats.ts';
import { ImportFormat, importArticles, type ImportFormatT } from './import.ts';
import { kbResponses } from '../responses.ts';

const ImportQuery = z.strictObject({
  format: ImportFormat.optional(),
  status: z.enum(['draft', 'published']).default('draft'),
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
const JsonImport = z.strictObject({
  content: z.string(),
  encoding: z.enum(['utf8', 'base64']).default('utf8'),
  fileName: z.string().max(300).optional(),
});

function formatOf(fileName: string | undefined, given: ImportFormatT | undefined): ImportFormatT {
  if (given) return given;
  const ext = /\.([a-z]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  if (ext === 'csv' || ext === 'zip') return ext;
  if (ext === 'jsonl' || ext === 'ndjson' || ext === 'json') return 'jsonl';
  throw badInput(
    'unknown_format',
    'Say which format the file is (?format=csv|jsonl|zip) or name it .csv, .jsonl or .zip.',
  );
}

async function readImport(req: FastifyRequest): Promise<{ data: Buffer; fileName?: string }> {
  if (req.isMultipart()) {
    const file = await req.file({
      limits: { fileSize: IMPORT_LIMITS.maxBytes + 1, files: 1, fieldSize: 1000 },
    });
    if (!file) throw badInput('missing_file', 'No file was sent.');
    const data = await file.toBuffer();
    if (file.file.truncated || data.length > IMPORT_LIMITS.maxBytes)
      throw tooLargeImport(`more than ${IMPORT_LIMITS.maxBytes} bytes`);
    return { data, fileName: file.filename };
  }
  const parsed = JsonImport.safeParse(req.body);
  if (!parsed.success)
    throw invalid(
      parsed.error.issues.map((i) => ({
        path: ['body', ...i.path.map(String)].join('.'),
        message: i.message,
      })),
    );
  const b = parsed.data;
  return {
    data: Buffer.from(b.content, b.encoding === 'base64' ? 'base64' : 'utf8'),
    fileName: b.fileName,
  };
}

async function exportRows(db: Executor, accountId: string, status?: string): Promise<ExportRow[]> {
  const cats = await db
    .selectFrom('kb_categories')
    .selectAll()
    .where('account_id', '=', accountId)
    .execute();
  const byId = new Map(cats.map((c) => [c.id, c]));
  const pathOf = (id: string | null, locale: string): string => {
    const parts: string[] = [];
    for (
      let c = id ? byId.get(id) : undefined, d = 0;
      c && d < 10;
      c = c.parent_id ? byId.get(c.parent_id) : undefined, d++
    )
      parts.unshift(localized(parseNames(c.names), locale));
    return parts.join('/');
  };
  let q = db.selectFrom('kb_articles').selectAll().where('account_id', '=', accountId);
  if (status) q = q.where('status', '=', status as 'draft');
  const rows = await q.orderBy('id').execute();
  return rows.map((a) => ({
    id: a.id,
    question: a.title,
    similar_questions: parseList(a.similar_questions),
    answer: a.answer,
    body: a.body,
    category: pathOf(a.category_id, a.locale),
    locale: a.locale,
    tags: parseList(a.tags),
    keywords: parseList(a.keywords),
    status: a.status,
  }));
}

export const ioRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/kb/import',
    auth: 'user',
    summary: 'Import articles (CSV, JSON lines or zip of Markdown); all rows or none',
    tags: ['kb'],
    response: kbResponses.Import,
    query: ImportQuery,
    rawBody: true,
    handler: async ({ actor, query, req, services }) => {
      authorizeKb(actor, 'kb.manage');
      const { data, fileName } = await readImport(req);
      return execute(services, actor, importArticles, {
        format: formatOf(fileName, query.format),
        data,
        status: query.status,
        dryRun: query.dryRun,
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/kb/export',
    auth: 'user',
    summary: 'Export articles as CSV, JSON lines or a zip of Markdown files',
    tags: ['kb'],
    produces: ['application/x-ndjson', 'text/csv', 'application/zip'],
    query: z.strictObject({
      format: ImportFormat.default('jsonl'),
      status: z.enum(['draft', 'published', 'archived']).optional(),
    }),
    handler: async ({ actor, query, reply, services }) => {
      authorizeKb(actor, 'kb.read');
      const rows = await exportRows(services.database.db, actor.accountId, query.status);
      const name = `kb-export.${query.format}`;
      reply
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store');
      if (query.format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(rows));
      if (query.format === 'zip')
        return reply.type('application/zip').send(Buffer.from(toZip(rows)));
      return reply.type('application/x-ndjson; charset=utf-8').send(toJsonl(rows));
    },
  }),
];
