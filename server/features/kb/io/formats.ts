/**
 * Import/export file formats (pure): CSV, JSON lines and a zip of Markdown files with front matter.
 * Every parser returns rows plus per-row errors; nothing here touches the database.
 */
import { parse as parseCsvSync } from 'csv-parse/sync';
import { strToU8, unzipSync, zipSync, strFromU8 } from 'fflate';
import { z } from 'zod';
import { AppError } from '../../../core/errors.ts';

export const IMPORT_LIMITS = {
  maxBytes: 5 * 1024 * 1024,
  maxRows: 5_000,
  maxUnzippedBytes: 20 * 1024 * 1024,
  maxFileBytes: 512 * 1024,
};

export interface RowError {
  row: number;
  file?: string;
  reason: string;
}
export interface ParsedRows {
  rows: Array<{ row: number; file?: string; value: unknown }>;
  errors: RowError[];
}

export const tooLargeImport = (what: string) =>
  new AppError('import_too_large', 413, `The import is too large: ${what}.`, IMPORT_LIMITS);
export const malformedImport = (reason: string) =>
  new AppError('import_malformed', 400, `The file could not be read: ${reason}`);

const list = z
  .union([z.array(z.string().max(500)), z.string().max(20_000)])
  .optional()
  .transform((v) =>
    (v === undefined ? [] : Array.isArray(v) ? v : v.split(/\r?\n|\|/))
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** One imported article, whatever the format. */
export const ImportRow = z
  .object({
    id: z
      .string()
      .max(100)
      .optional()
      .or(z.literal('').transform(() => undefined)),
    question: z.string().trim().min(1, 'question is required').max(300),
    similar_questions: list.pipe(
      z.array(z.string().max(500)).max(100, 'at most 100 similar questions'),
    ),
    answer: z.string().trim().max(5_000).default(''),
    body: z.string().max(100_000).default(''),
    category: z.string().trim().max(300).optional().default(''),
    locale: z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'locale must look like zh-CN or en')
      .default('zh-CN'),
    tags: list.pipe(z.array(z.string().max(50)).max(30)),
    keywords: list.pipe(z.array(z.string().max(100)).max(50)),
    status: z.enum(['draft', 'published', 'archived']).optional(),
  })
  .strip();
export type ImportRowT = z.infer<typeof ImportRow>;

function checkCount(n: number) {
  if (n > IMPORT_LIMITS.maxRows) throw tooLargeImport(`more than ${IMPORT_LIMITS.maxRows} rows`);
}

export function parseJsonl(text: string): ParsedRows {
  const out: ParsedRows = { rows: [], errors: [] };
  const lines = text.split(/\r?\n/);
  checkCount(lines.filter((l) => l.trim()).length);
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const v = JSON.parse(line);
      if (!v || typeof v !== 'object' || Array.isArray(v))
        out.errors.push({ row: i + 1, reason: 'not a JSON object' });
      else out.rows.push({ row: i + 1, value: v });
    } catch {
      out.errors.push({ row: i + 1, reason: 'invalid JSON' });
    }
  });
  return out;
}

export function parseCsv(text: string): ParsedRows {
  let records: Record<string, string>[];
  try {
    records = parseCsvSync(text.replace(/^\uFEFF/, ''), {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: false,
      max_record_size: 200_000,
    });
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw malformedImport(`CSV syntax error${line ? ` near line ${line}` : ''}.`);
  }
  checkCount(records.length);
  if (records.length && !('question' in records[0]))
    throw malformedImport('the CSV needs a header row with a "question" column.');
  return { rows: records.map((r, i) => ({ row: i + 2, value: r })), errors: [] };
}

/** Front matter: `key: value`, `key: [a, b]` (JSON) and `key:` followed by `- item` lines. */
export function parseFrontMatter(
  source: string,
): { data: Record<string, unknown>; body: string } | null {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!m) return null;
  const data: Record<string, unknown> = {};
  let listKey: string | null = null;
  for (const raw of m[1].split(/\r?\n/)) {
    const item = /^\s+-\s+(.*)$/.exec(raw) ?? /^-\s+(.*)$/.exec(raw);
    if (item && listKey) {
      (data[listKey] as string[]).push(unquote(item[1]));
      continue;
    }
    const kv = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(raw);
    if (!kv) {
      if (raw.trim()) return null;
      continue;
    }
    const [, key, value] = kv;
    if (value === '') {
      data[key] = [];
      listKey = key;
      continue;
    }
    listKey = null;
    if (value.startsWith('[')) {
      try {
        data[key] = JSON.parse(value);
      } catch {
        return null;
      }
    } else data[key] = unquote(value);
  }
  return { data, body: m[2] };
}

function unquote(v: string): string {
  const t = v.trim();
  if (t.startsWith('"') && t.endsWith('"')) {
    try {
      return JSON.parse(t);
    } catch {
      return t.slice(1, -1);
    }
  }
  return t.startsWith("'") && t.endsWith("'") ? t.slice(1, -1) : t;
}

export function parseZip(bytes: Uint8Array): ParsedRows {
  let files: Record<string, Uint8Array>;
  let total = 0;
  let count = 0;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (
          f.name.endsWith('/') ||
          !/\.(md|markdown)$/i.test(f.name) ||
          /(^|\/)(__MACOSX|\.)/.test(f.name)
        )
          return false;
        total += f.originalSize;
        count++;
        if (f.originalSize > IMPORT_LIMITS.maxFileBytes)
          throw tooLargeImport(`${f.name} is over ${IMPORT_LIMITS.maxFileBytes} bytes`);
        if (total > IMPORT_LIMITS.maxUnzippedBytes)
          throw tooLargeImport(`more than ${IMPORT_LIMITS.maxUnzippedBytes} bytes unzipped`);
        checkCount(count);
        return true;
      },
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw malformedImport('not a valid zip archive.');
  }
  const out: ParsedRows = { rows: [], errors: [] };
  const names = Object.keys(files).sort();
  if (!names.length) throw malformedImport('the zip holds no Markdown (.md) files.');
  names.forEach((name, i) => {
    const fm = parseFrontMatter(strFromU8(files[name]));
    if (!fm) {
      out.errors.push({
        row: i + 1,
        file: name,
        reason: 'missing or invalid front matter (--- … ---)',
      });
      return;
    }
    const d = fm.data;
    out.rows.push({
      row: i + 1,
      file: name,
      value: { ...d, question: d.question ?? d.title, body: fm.body.trim() },
    });
  });
  return out;
}

/** Validates each parsed row; every failure is reported with its row number and reason. */
export function validateRows(parsed: ParsedRows): {
  rows: Array<{ row: number; value: ImportRowT }>;
  errors: RowError[];
} {
  const errors = [...parsed.errors];
  const rows: Array<{ row: number; value: ImportRowT }> = [];
  for (const r of parsed.rows) {
    const v = ImportRow.safeParse(r.value);
    if (v.success) rows.push({ row: r.row, value: v.data });
    else
      errors.push({
        row: r.row,
        ...(r.file ? { file: r.file } : {}),
        reason: v.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '),
      });
  }
  return { rows, errors: errors.sort((a, b) => a.row - b.row) };
}

// ---- export -----------------------------------------------------------------------------------

export interface ExportRow {
  id: string;
  question: string;
  similar_questions: string[];
  answer: string;
  body: string;
  category: string;
  locale: string;
  tags: string[];
  keywords: string[];
  status: string;
}

/** CSV cell: quoted, and cells that a spreadsheet would run as a formula are prefixed with '. */
export function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function toCsv(rows: ExportRow[]): string {
  const cols = [
    'id',
    'question',
    'similar_questions',
    'answer',
    'body',
    'category',
    'locale',
    'tags',
    'keywords',
    'status',
  ] as const;
  const lines = [cols.join(',')];
  for (const r of rows)
    lines.push(
      cols
        .map((c) => csvCell(Array.isArray(r[c]) ? (r[c] as string[]).join('|') : String(r[c])))
        .join(','),
    );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function toJsonl(rows: ExportRow[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
}

function fmValue(v: string): string {
  return JSON.stringify(v);
}

export function toMarkdown(r: ExportRow): string {
  const lines = [
    '---',
    `id: ${r.id}`,
    `question: ${fmValue(r.question)}`,
    `locale: ${r.locale}`,
    `category: ${fmValue(r.category)}`,
    `status: ${r.status}`,
    `answer: ${fmValue(r.answer)}`,
    'similar_questions:',
    ...r.similar_questions.map((q) => `  - ${fmValue(q)}`),
    `tags: ${JSON.stringify(r.tags)}`,
    `keywords: ${JSON.stringify(r.keywords)}`,
    '---',
    '',
    r.body,
  ];
  return lines.join('\n');
}

export function toZip(rows: ExportRow[]): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const r of rows) files[`${r.locale}/${r.id}.md`] = strToU8(toMarkdown(r));
  return zipSync(files, { level: 6 });
}
