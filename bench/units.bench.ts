/**
 * Performance claims that used to be timed assertions in unit tests (issue 12 item 5: tests assert
 * behaviour, and a loaded machine made them fail). Each line has a same-run baseline; see bench/README.md.
 *
 *   wal_no_reset_max_bytes → wal_max_bytes: largest WAL file while a writer commits 20 KB transactions
 *     back to back through the group commit for the same time, with the checkpointer's reset off
 *     (threshold never reached) and on (reset threshold 400 pages), each on a fresh database; ratio =
 *     WAL bytes per committed transaction with the reset / without it.
 *   worker_echo_p50 → analyze_roundtrip_p50: a message analysed through the shared analyzer's worker
 *     pool (warm) against a bare worker_threads echo of the same text.
 *   analyzer_startup_loop_lag: the main thread's worst timer lag while the analyzer pool starts and
 *     loads its models; baseline = that startup time (ratio ≈ 0 means the event loop stayed free).
 *   kb_index_build_loop_lag: the same while the retrieval worker builds the demo KB index.
 *   rule_match_capped_input → rule_match_huge_input: one rule condition (`matches`, `contains`) on a
 *     1,000,000-character message against the same on a message of MAX_MATCH_INPUT characters (ratio ≈ 1
 *     means matching is bounded by the cap, not by the input).
 */
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import type { Database } from '../server/core/db/client.ts';
import { tempSqlite } from '../server/test/temp-sqlite.ts';
import { analyzeText, closeAnalyzer } from '../server/features/ai/workers/analyzer.ts';
import { closeRetrieval, searchKnowledge } from '../server/features/ai/workers/retrieval.ts';
import { demoKnowledge } from '../server/features/ai/workers/knowledge.ts';
import { evaluate, MAX_MATCH_INPUT } from '../server/features/routing/rules/conditions.ts';
import type { BenchOptions, Emit } from './run.ts';
import { percentile, round, sig } from './lib/stats.ts';

const ratio = (value: number, base: number) => (base > 0 ? round(value / base, 3) : undefined);

async function walRun(restartFrames: number, ms: number) {
  const temp = await tempSqlite({
    migrate: false,
    checkpoint: { intervalMs: 10, restartFrames, catchUpFrames: 64 },
  });
  const database: Database = temp.database;
  const wal = () => {
    try {
      return statSync(`${temp.file}-wal`).size;
    } catch {
      return 0;
    }
  };
  try {
    await sql`create table t (id integer primary key, v text not null)`.execute(database.db);
    const row = 'x'.repeat(1000);
    let maxWal = 0,
      commits = 0;
    const end = Date.now() + ms;
    while (Date.now() < end) {
      await database.groupCommit!.run(async (tx) => {
        await sql`select count(*) from t where id > 0`.execute(tx);
        for (let i = 0; i < 20; i++) await sql`insert into t (v) values (${row})`.execute(tx);
      });
      commits++;
      maxWal = Math.max(maxWal, wal());
      await new Promise((r) => setImmediate(r));
    }
    return { maxWal, commits, resets: database.checkpointer!.stats.resets };
  } finally {
    await temp.remove();
  }
}

/** Worst lag of a 10 ms interval timer while `work` runs, and how long it ran. */
async function loopLag(work: () => Promise<unknown>) {
  let last = performance.now(),
    worst = 0;
  const timer = setInterval(() => {
    const t = performance.now();
    worst = Math.max(worst, t - last - 10);
    last = t;
  }, 10);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - started;
  worst = Math.max(worst, performance.now() - last - 10);
  return { lagMs: Math.max(0, worst), ms };
}

async function workerEchoP50(text: string, n: number) {
  const w = new Worker(
    "require('node:worker_threads').parentPort.on('message', (m) => require('node:worker_threads').parentPort.postMessage(m))",
    { eval: true },
  );
  try {
    const times: number[] = [];
    for (let i = 0; i < n + 10; i++) {
      const t = performance.now();
      await new Promise((r) => {
        w.once('message', r);
        w.postMessage(`${text} ${i}`);
      });
      if (i >= 10) times.push(performance.now() - t);
    }
    return percentile(times, 50);
  } finally {
    await w.terminate();
  }
}

export async function run(opts: BenchOptions, emit: Emit): Promise<void> {
  // WAL size under writes that never pause: the same load without and with the reset.
  const walMs = opts.quick ? 1_500 : 5_000;
  const off = await walRun(1_000_000, walMs);
  const on = await walRun(400, walMs);
  emit({
    name: 'wal_no_reset_max_bytes',
    value: off.maxWal,
    unit: 'bytes',
    commits: off.commits,
    ms: walMs,
  });
  // The two runs commit different amounts in the same time (the reset run usually more), so the ratio
  // compares WAL bytes per committed transaction: ≈ 1 = no better than no reset at all.
  emit({
    name: 'wal_max_bytes',
    value: on.maxWal,
    unit: 'bytes',
    baseline: 'wal_no_reset_max_bytes',
    baseline_value: off.maxWal,
    ratio:
      on.commits && off.commits
        ? ratio(on.maxWal / on.commits, off.maxWal / off.commits)
        : undefined,
    commits: on.commits,
    baseline_commits: off.commits,
    resets: on.resets,
    reset_threshold_bytes: 400 * 4096,
    ms: walMs,
  });

  // Analyzer: startup off the event loop, then the warm round trip.
  await closeAnalyzer();
  const startup = await loopLag(() =>
    analyzeText('你们这是什么垃圾服务，我要投诉！', { warmupMs: 120_000 }),
  );
  emit({
    name: 'analyzer_startup_loop_lag',
    value: round(startup.lagMs, 2),
    unit: 'ms',
    baseline: 'analyzer_startup_ms',
    baseline_value: round(startup.ms, 1),
    ratio: ratio(startup.lagMs, startup.ms),
  });
  const text = 'where is my order number 42? It has been 10 days, call me at 13812345678';
  const n = opts.quick ? 50 : 300;
  const echo = await workerEchoP50(text, n);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await analyzeText(`${text} ${i}`);
    times.push(performance.now() - t);
  }
  const p50 = percentile(times, 50);
  emit({
    name: 'analyze_roundtrip_p50',
    value: round(p50, 3),
    unit: 'ms',
    baseline: 'worker_echo_p50',
    baseline_value: round(echo, 3),
    ratio: ratio(p50, echo),
    p99_ms: round(percentile(times, 99), 3),
    n,
  });
  await closeAnalyzer();

  // Retrieval worker: index build off the event loop.
  await closeRetrieval();
  const src = { entries: async () => demoKnowledge(), version: async () => 'bench-v1' };
  const build = await loopLag(() =>
    searchKnowledge('bench-acct', undefined, '我的快递到哪了', 'zh', { source: src }),
  );
  emit({
    name: 'kb_index_build_loop_lag',
    value: round(build.lagMs, 2),
    unit: 'ms',
    baseline: 'kb_index_build_ms',
    baseline_value: round(build.ms, 1),
    ratio: ratio(build.lagMs, build.ms),
  });
  await closeRetrieval();

  // Rule conditions on huge input: bounded by the cap.
  const rounds = opts.quick ? 200 : 2_000;
  const conds = [
    { field: 'message.content', op: 'matches', value: 'refund' },
    { field: 'message.content', op: 'contains', value: 'refund' },
    { field: 'message.content', op: 'matches', value: 'a+b' },
  ] as const;
  const time = (facts: unknown) => {
    for (let i = 0; i < 20; i++) for (const c of conds) evaluate(c as never, facts);
    const t = performance.now();
    for (let i = 0; i < rounds; i++) for (const c of conds) evaluate(c as never, facts);
    return ((performance.now() - t) * 1000) / (rounds * conds.length);
  };
  const capped = time({ message: { content: `${'a'.repeat(MAX_MATCH_INPUT - 6)}refund` } });
  const huge = time({ message: { content: `${'a'.repeat(1_000_000)}refund` } });
  emit({
    name: 'rule_match_huge_input',
    value: sig(huge),
    unit: 'µs',
    baseline: 'rule_match_capped_input',
    baseline_value: sig(capped),
    ratio: ratio(huge, capped),
    input_chars: 1_000_006,
    cap: MAX_MATCH_INPUT,
  });
}
