/**
 * What the CI load check verifies after the load, from the database and the run's records: every
 * acked message is stored (acked = durable), background work settles (no undispatched event, every
 * customer message analysed) within 30 s, no stall; and the list of failures they add up to.
 */
import pg from 'pg';
import type { StallWatch } from '../../bench/lib/stall.ts';
import { pgAdmin } from '../../bench/lib/scratch.ts';
import { percentile } from '../../bench/lib/stats.ts';
import { type SpawnedServer, sleep } from '../../server/test/spawn-server.ts';
import { type LoadRun, type Sent, STALL_GAP_MS } from './traffic.ts';

export const SETTLE_LIMIT_MS = 30_000;

export interface Backlog {
  undispatched: number;
  unanalysed: number;
}

/** The acked sends whose client message id does not read back as the acked message. */
export async function lostAcked(pgUrl: string, schema: string, acked: Sent[]): Promise<Sent[]> {
  const stored = await pgAdmin(pgUrl, async (c) => {
    await c.query(`set search_path to "${schema}"`);
    const r = await c.query(
      'select client_message_id, id from messages where client_message_id = any($1)',
      [acked.map((s) => s.cmid)],
    );
    return new Map(r.rows.map((x) => [x.client_message_id as string, x.id as string]));
  });
  return acked.filter((s) => stored.get(s.cmid) !== s.messageId);
}

/** Polls the backlog every 250 ms until none is left or SETTLE_LIMIT_MS after `since` passed. */
export async function waitSettled(
  pgUrl: string,
  schema: string,
  since: number,
): Promise<{ atStop: Backlog; rest: Backlog; settledMs: number | null }> {
  const reader = new pg.Client({ connectionString: pgUrl });
  await reader.connect();
  await reader.query(`set search_path to "${schema}"`);
  const left = async () => {
    const r =
      await reader.query(`select (select count(*)::int from events where dispatched_at is null) as undispatched,
        (select count(*)::int from messages m where m.sender_type = 'contact' and m.message_type = 'incoming' and m.content <> ''
          and not exists (select 1 from message_analyses x where x.message_id = m.id)) as unanalysed`);
    return r.rows[0] as Backlog;
  };
  let rest = await left();
  const atStop = rest;
  while ((rest.undispatched || rest.unanalysed) && performance.now() - since < SETTLE_LIMIT_MS) {
    await sleep(250);
    rest = await left();
  }
  const settledMs =
    rest.undispatched || rest.unanalysed ? null : Math.round(performance.now() - since);
  await reader.end();
  return { atStop, rest, settledMs };
}

const examples = (sends: Sent[]) =>
  sends
    .slice(0, 3)
    .map((s) => s.cmid)
    .join(', ');

export function failuresOf(r: {
  watch: StallWatch;
  run: LoadRun;
  lost: Sent[];
  unacked: Sent[];
  settled: { rest: Backlog; settledMs: number | null };
  nodes: SpawnedServer[];
}): string[] {
  const { watch, run, lost, unacked, settled } = r;
  const failures: string[] = [];
  for (const f of watch.failures.slice(0, 5))
    failures.push(
      `stall: ${f.node} ${f.path} ${f.error} at ${Math.round((f.at - run.loadStart) / 1000)} s`,
    );
  if (watch.failures.length > 5)
    failures.push(`stall: ${watch.failures.length - 5} more probe failures`);
  if (run.gapFailure) failures.push(`stall: ${run.gapFailure}`);
  else if (watch.maxAckGapMs >= STALL_GAP_MS)
    failures.push(`stall: no acked send for ${Math.round(watch.maxAckGapMs)} ms`);
  if (lost.length) failures.push(`lost acked messages: ${lost.length} (e.g. ${examples(lost)})`);
  if (unacked.length)
    failures.push(
      `${unacked.length} sends never acked within 15 s after the load (e.g. ${examples(unacked)})`,
    );
  if (settled.settledMs === null)
    failures.push(
      `background work not settled ${SETTLE_LIMIT_MS / 1000} s after the load stopped: ${settled.rest.undispatched} undispatched events, ${settled.rest.unanalysed} customer messages not analysed`,
    );
  for (const n of r.nodes)
    if (!n.isRunning())
      failures.push(`${n.name} exited during the run:\n${n.output().slice(-2_000)}`);
  return failures;
}

/** Nearest-rank percentile of the ack latencies, rounded (null without any). */
export function latencyQuantile(latencies: number[], p: number): number | null {
  return latencies.length ? Math.round(percentile(latencies, p)) : null;
}
