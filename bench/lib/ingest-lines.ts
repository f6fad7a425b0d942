/** The JSON lines of the ingest benchmark (core.bench.ts on SQLite, pg.bench.ts on PostgreSQL). */
import type { IngestResult } from './ingest.ts';
import { line, type Line } from './line.ts';

/**
 * The ingest lines: `ingest` (closed loop), `ingest_ack_p99` (paced at half rate), and the background
 * work of the paced run: `background_lag_p99_ms` and `settled_ms`. `suffix` names the PostgreSQL
 * lines apart (`ingest_pg`, …); `extra` goes into every line.
 */
export function emitIngest(
  emit: (l: Line) => void,
  r: IngestResult,
  base: { baseline: string; rate: number; p99: number },
  extra: Record<string, unknown>,
  suffix = '',
): void {
  const bg = r.background;
  emit(
    line(
      `ingest${suffix}`,
      r.maxRate,
      'msg/s',
      base.baseline,
      base.rate,
      { goal: 0.25, goal_on: 'ratio', better: 'higher' },
      {
        ack_p50_ms: r.closed.p50,
        ack_p99_ms: r.closed.p99,
        ai_analysis: 'on',
        bot: 'off',
        visitors: r.visitors,
        in_flight_per_visitor: r.window,
        sent: r.closedSent,
        errors: r.closedErrors,
        undelivered: r.undelivered,
        ...extra,
      },
    ),
  );
  emit(
    line(
      `ingest_ack_p99${suffix}`,
      r.pacedP99,
      'ms',
      `${base.baseline}_p99`,
      base.p99,
      { goal: 25, goal_on: 'value', better: 'lower' },
      {
        rate: r.rate,
        ack_p50_ms: r.pacedP50,
        ack_p99_from_emit_ms: r.pacedP99FromEmit,
        delivered_p99_ms: r.deliveredP99,
        errors: r.pacedErrors,
        n: r.pacedN,
        closed_loop_backlog: r.closedBacklog,
        closed_loop_settle_ms: r.closedSettleMs,
        ...extra,
      },
    ),
  );
  emit(
    line(
      `background_lag_p99_ms${suffix}`,
      bg.lagP99,
      'ms',
      `ingest_ack_p99${suffix}`,
      r.pacedP99,
      { goal: 1000, goal_on: 'value', better: 'lower' },
      {
        rate: r.rate,
        ack_p99_ms: r.pacedP99,
        p50_ms: bg.lagP50,
        max_ms: bg.lagMax,
        n: bg.n,
        missing: bg.missing,
        analysis_stored_p99_ms: bg.analysisP99,
        analysis_stored_p50_ms: bg.analysisP50,
        created_dispatched_p99_ms: bg.createdDispatchedP99,
        analyzed_dispatched_after_commit_p99_ms: bg.analyzedDispatchedP99,
        analyze_worker_mean_ms: bg.analyzeMeanMs,
        ...extra,
      },
    ),
  );
  const settled = bg.settledMs ?? bg.settleLimitMs;
  emit(
    line(
      `settled_ms${suffix}`,
      settled,
      'ms',
      'paced_run_ms',
      r.pacedMs,
      { goal: 2000, goal_on: 'value', better: 'lower' },
      {
        rate: r.rate,
        timed_out: bg.settledMs === null,
        left_undispatched: bg.leftUndispatched,
        missing: bg.missing,
        ...extra,
      },
    ),
  );
}
