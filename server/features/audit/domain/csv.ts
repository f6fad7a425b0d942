/** The audit log as CSV (pure): a header row, every cell quoted, formula-looking cells defused. */
import type { AuditEntry } from '../store/audit-log.ts';

/** CSV cell: quoted, and cells that a spreadsheet would run as a formula are prefixed with '. */
export function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

export const CSV_COLUMNS = [
  'time',
  'actor_type',
  'actor_id',
  'actor',
  'action',
  'target_type',
  'target_id',
  'method',
  'route',
  'status',
  'ip',
  'user_agent',
  'detail',
] as const;

function cells(e: AuditEntry): string[] {
  return [
    e.createdAt,
    e.actorType,
    e.actorId ?? '',
    e.actorLabel ?? '',
    e.action,
    e.targetType ?? '',
    e.targetId ?? '',
    e.method,
    e.route,
    String(e.status),
    e.ip ?? '',
    e.userAgent ?? '',
    JSON.stringify(e.detail),
  ];
}

/** With a byte-order mark (spreadsheets then read UTF-8) and CRLF line ends. */
export function toCsv(entries: AuditEntry[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of entries) lines.push(cells(e).map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
