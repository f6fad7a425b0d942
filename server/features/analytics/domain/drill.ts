/** The conversations behind a number (pure): which rows a drill-down keeps, and how one is shown. */
import {
  durationOf,
  type FactRow,
  isAiResolved,
  isFcr,
  isOneTouch,
  type MetricOptions,
} from './metrics.ts';

export type Only =
  | 'resolved'
  | 'unresolved'
  | 'reopened'
  | 'bot_only'
  | 'handed_over'
  | 'ai_resolved'
  | 'one_touch'
  | 'fcr'
  | 'not_fcr'
  | 'rated'
  | 'satisfied'
  | 'sla_breached';

export function keeps(f: FactRow, only: Only | undefined, o: MetricOptions): boolean {
  switch (only) {
    case undefined:
      return true;
    case 'resolved':
      return f.last_resolved_at !== null;
    case 'unresolved':
      return f.last_resolved_at === null;
    case 'reopened':
      return f.reopens > 0;
    case 'bot_only':
      return f.bot_only === 1;
    case 'handed_over':
      return f.handed_over === 1;
    case 'ai_resolved':
      return isAiResolved(f, o);
    case 'one_touch':
      return isOneTouch(f);
    case 'fcr':
      return isFcr(f, o) === true;
    case 'not_fcr':
      return isFcr(f, o) === false;
    case 'rated':
      return f.csat !== null;
    case 'satisfied':
      return f.csat !== null && f.csat >= 4;
    case 'sla_breached':
      return [f.sla_first_response, f.sla_next_response, f.sla_resolution].includes('breached');
  }
}

export function presentRow(f: FactRow, biz: boolean) {
  return {
    conversationId: f.conversation_id,
    createdAt: new Date(f.created_at).toISOString(),
    channel: f.channel,
    inboxId: f.inbox_id,
    teamId: f.team_id,
    agentId: f.assignee_id,
    status: f.status,
    intent: f.intent,
    labels: JSON.parse(f.labels) as string[],
    frtMs: durationOf(f, 'frt', biz),
    firstResolutionMs: durationOf(f, 'firstResolution', biz),
    fullResolutionMs: durationOf(f, 'fullResolution', biz),
    requesterWaitMs: durationOf(f, 'requesterWait', biz),
    nextReplyMs: durationOf(f, 'nextReply', biz),
    timeToHumanMs: durationOf(f, 'timeToHuman', biz),
    touches: f.touches,
    reopens: f.reopens,
    reassignments: f.reassignments,
    botOnly: f.bot_only === 1,
    handedOver: f.handed_over === 1,
    csat: f.csat,
  };
}
export type DrillRowDTO = ReturnType<typeof presentRow>;

/** CSV cell: quoted; a cell a spreadsheet would run as a formula (= + - @ tab CR) gets a leading '. */
export function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

const COLUMNS = [
  'conversation_id',
  'created_at',
  'channel',
  'inbox_id',
  'team_id',
  'agent_id',
  'status',
  'intent',
  'labels',
  'frt_s',
  'first_resolution_s',
  'full_resolution_s',
  'requester_wait_s',
  'next_reply_s',
  'time_to_human_s',
  'touches',
  'reopens',
  'reassignments',
  'bot_only',
  'handed_over',
  'csat',
  'time_basis',
] as const;

const secs = (ms: number | null) => (ms === null ? '' : String(Math.round(ms / 1000)));

/** The drill-down rows as CSV: a byte-order mark, a header, CRLF lines, every cell quoted and defused. */
export function toCsv(rows: DrillRowDTO[], biz: boolean): string {
  const lines = [COLUMNS.join(',')];
  for (const r of rows) {
    const cells = [
      r.conversationId,
      r.createdAt,
      r.channel,
      r.inboxId,
      r.teamId ?? '',
      r.agentId ?? '',
      r.status,
      r.intent ?? '',
      r.labels.join(';'),
      secs(r.frtMs),
      secs(r.firstResolutionMs),
      secs(r.fullResolutionMs),
      secs(r.requesterWaitMs),
      secs(r.nextReplyMs),
      secs(r.timeToHumanMs),
      String(r.touches),
      String(r.reopens),
      String(r.reassignments),
      String(r.botOnly),
      String(r.handedOver),
      r.csat === null ? '' : String(r.csat),
      biz ? 'business' : 'calendar',
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
