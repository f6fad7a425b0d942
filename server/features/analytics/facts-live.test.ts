/**
 * The facts kept live by the processor, through the real commands and the real dispatcher (the
 * real bot answers too), with an injected clock and a business-hours schedule that changes:
 * bot → handover (customer request) → assignment → replies across a weekend → resolve → CSAT
 * (widget API) → the customer reopens under the new schedule → reassigned → resolved. Then:
 * known answers in calendar and business time, replaying every event changes nothing, and
 * `kefu analytics rebuild` (rebuildFacts) gives exactly the live rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignConversation } from '../../core/commands/assign-conversation.ts';
import { execute } from '../../core/commands/context.ts';
import { receiveMessage } from '../../core/commands/receive-message.ts';
import { requestHuman } from '../../core/commands/request-human.ts';
import { sendMessage } from '../../core/commands/send-message.ts';
import { setConversationLabels } from '../../core/commands/set-conversation-labels.ts';
import { updateConversation } from '../../core/commands/update-conversation.ts';
import {
  setBusinessHoursSource,
  type WeeklySchedule,
} from '../../core/kit/business-hours-registry.ts';
import { systemActor } from '../../core/policies/actor.ts';
import { type SeededAccount, type TestApp, testApp } from '../../test/test-app.ts';
import { until } from '../../test/wait.ts';
import { rebuildFacts } from './commands/rebuild.ts';
import { eventsOf, factTables, settled } from './test/facts.ts';

const MIN = 60_000;
const H = 60 * MIN;
// Friday 2026-03-06 15:00 in Shanghai (07:00 UTC)
const FRI_15 = Date.UTC(2026, 2, 6, 7, 0);
const MON_10 = Date.UTC(2026, 2, 9, 2, 0);
const TUE_20 = Date.UTC(2026, 2, 10, 12, 0);

const weekdays: WeeklySchedule = {
  timezone: 'Asia/Shanghai',
  weekly: Object.fromEntries(
    (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((d) => [d, [['09:00', '17:00']]]),
  ),
};
const allWeek: WeeklySchedule = {
  timezone: 'Asia/Shanghai',
  weekly: Object.fromEntries(
    (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const).map((d) => [
      d,
      [['00:00', '24:00']],
    ]),
  ),
};

let app: TestApp;
let a: SeededAccount;
let schedule: WeeklySchedule = weekdays;
let conversationId = '';

beforeAll(async () => {
  app = await testApp();
  a = await app.seedAccount();
  setBusinessHoursSource(async () => schedule);
  await app.services.database.db
    .updateTable('inboxes')
    .set({ settings: JSON.stringify({ bot: { mode: 'on' } }) })
    .where('id', '=', a.inboxId)
    .execute();
});
afterAll(async () => {
  setBusinessHoursSource(null);
  await app?.stop();
});

async function at<I, O>(
  t: number,
  actor: Parameters<typeof execute>[1],
  cmd: (ctx: never, input: I) => Promise<O>,
  input: I,
): Promise<O> {
  const r = await execute(
    { ...app.services, clock: { now: () => t } },
    actor,
    cmd as never,
    input as never,
  );
  await settled(app);
  return r as O;
}

async function liveFact() {
  return app.services.database.db
    .selectFrom('conversation_facts')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .executeTakeFirstOrThrow();
}

describe('analytics facts, live and rebuilt', () => {
  it('follows a scripted history: bot → handover → weekend → CSAT → reopen under a new schedule', async () => {
    const visitor = await app.visitor(a.inboxToken);
    const system = systemActor(a.accountId, 'test');
    const sup = a.users.supervisor.actor;
    const contact = {
      kind: 'contact' as const,
      contactId: visitor.contactId,
      accountId: a.accountId,
      inboxId: a.inboxId,
    };
    const first = await at(FRI_15, contact, receiveMessage, {
      inboxId: a.inboxId,
      contactId: visitor.contactId,
      content: 'hello there',
    });
    conversationId = first.conversation.id;
    expect(first.conversation.mode).toBe('bot');
    await at(FRI_15 + MIN, system, sendMessage, {
      conversationId,
      content: 'Hi, I am the assistant.',
      asBot: true,
    });
    await at(FRI_15 + 10 * MIN, contact, requestHuman, {
      conversationId,
      reason: 'customer_request',
    });
    await at(FRI_15 + 12 * MIN, sup, assignConversation, {
      conversationId,
      assigneeId: a.users.agent.id,
      force: true,
    });
    await at(FRI_15 + 20 * MIN, a.users.agent.actor, sendMessage, {
      conversationId,
      content: 'Hello, how can I help?',
    });
    await at(FRI_15 + 30 * MIN, contact, receiveMessage, {
      inboxId: a.inboxId,
      contactId: visitor.contactId,
      content: 'my order is late',
    });
    await at(MON_10, a.users.agent.actor, sendMessage, { conversationId, content: 'On its way.' });
    await at(MON_10 + 5 * MIN, a.users.agent.actor, updateConversation, {
      conversationId,
      status: 'resolve',
    });
    const rated = await app.api('POST', '/widget/v1/csat', {
      token: visitor.token,
      body: { conversationId, rating: 5, comment: '=cmd' },
    });
    expect(rated.status).toBe(201);
    await settled(app);

    schedule = allWeek; // from the next event on
    await at(TUE_20, contact, receiveMessage, {
      inboxId: a.inboxId,
      contactId: visitor.contactId,
      content: 'one more thing',
    });
    await at(TUE_20 + 5 * MIN, sup, assignConversation, {
      conversationId,
      assigneeId: a.users.agent2.id,
      force: true,
    });
    await at(TUE_20 + 30 * MIN, a.users.agent2.actor, sendMessage, {
      conversationId,
      content: 'Sure.',
    });
    await at(TUE_20 + 35 * MIN, sup, setConversationLabels, { conversationId, labels: ['vip'] });
    await at(TUE_20 + 40 * MIN, a.users.agent2.actor, updateConversation, {
      conversationId,
      status: 'resolve',
    });

    const f = await liveFact();
    const n = (v: unknown) => (v === null ? null : Number(v));
    expect(f.handed_over).toBe(1);
    expect(f.human_requested).toBe(1);
    expect(f.bot_only).toBe(0);
    expect(Number(f.bot_messages)).toBeGreaterThanOrEqual(1);
    expect(n(f.time_to_human_ms)).toBe(10 * MIN);
    expect(n(f.frt_ms)).toBe(10 * MIN);
    expect(n(f.frt_biz_ms)).toBe(10 * MIN);
    // next reply: Fri 15:30 → Mon 10:00 local; business: Fri 15:30–17:00 + Mon 09:00–10:00
    expect(n(f.nrt_sum_ms)).toBe(MON_10 - (FRI_15 + 30 * MIN));
    expect(n(f.nrt_sum_biz_ms)).toBe(2.5 * H);
    expect(n(f.first_resolution_ms)).toBe(MON_10 + 5 * MIN - FRI_15);
    expect(n(f.first_resolution_biz_ms)).toBe(2 * H + 1 * H + 5 * MIN);
    expect(n(f.full_resolution_ms)).toBe(TUE_20 + 40 * MIN - FRI_15);
    expect(f.reopens).toBe(1);
    expect(f.reassignments).toBe(1);
    expect(f.cycles).toBe(2);
    expect(f.touches).toBe(3);
    expect(f.csat).toBe(5);
    expect(f.assignee_id).toBe(a.users.agent2.id);
    expect(f.channel).toBe('web_widget');
    expect(JSON.parse(f.labels)).toEqual(['vip']);
    expect(f.schedules.split(',')).toHaveLength(2);

    const cycles = await app.services.database.db
      .selectFrom('conversation_cycle_facts')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .orderBy('cycle')
      .execute();
    // cycle 2 opened Tue 20:00 local: outside the old hours, inside the new (always open) schedule
    expect(cycles.map((c) => n(c.frt_ms))).toEqual([10 * MIN, 30 * MIN]);
    expect(cycles.map((c) => n(c.frt_biz_ms))).toEqual([10 * MIN, 30 * MIN]);
    expect(cycles.map((c) => c.assignee_at_resolution)).toEqual([
      a.users.agent.id,
      a.users.agent2.id,
    ]);
    expect(cycles[0].schedule_id).not.toBe(cycles[1].schedule_id);
  });

  it('is idempotent: handing every event to the processor again changes nothing', async () => {
    const db = app.services.database.db;
    const before = await factTables(db, a.accountId);
    const processor = app.services.dispatcher.processor('analytics-facts');
    expect(processor).toBeDefined();
    for (const e of await eventsOf(db, conversationId)) await processor!.handle(e);
    expect(await factTables(db, a.accountId)).toEqual(before);
  });

  it('an event that arrives after a newer one (out of commit order) folds the conversation again', async () => {
    const db = app.services.database.db;
    // Nothing of the conversation may still be on its way (a late analysis would rewrite the state
    // this test edits): every event dispatched, and the dispatcher idle.
    await until(
      () =>
        db
          .selectFrom('events')
          .select('id')
          .where('conversation_id', '=', conversationId)
          .where('dispatched_at', 'is', null)
          .execute(),
      (rows) => rows.length === 0,
      { what: 'every event of the conversation dispatched', timeoutMs: 60_000 },
    );
    await settled(app);
    const before = await factTables(db, a.accountId);
    const events = await eventsOf(db, conversationId);
    const row = await db
      .selectFrom('analytics_conversation_state')
      .select('state')
      .where('conversation_id', '=', conversationId)
      .executeTakeFirstOrThrow();
    const state = JSON.parse(row.state);
    const lateId = events[Math.floor(events.length / 2)].id;
    state.recent = state.recent.filter((id: number) => id !== lateId); // as if it never arrived
    await db
      .updateTable('analytics_conversation_state')
      .set({ state: JSON.stringify(state) })
      .where('conversation_id', '=', conversationId)
      .execute();
    await app.services.dispatcher
      .processor('analytics-facts')!
      .handle(events.find((e) => e.id === lateId)!);
    expect(await factTables(db, a.accountId)).toEqual(before);
    const after = await db
      .selectFrom('analytics_conversation_state')
      .select('state')
      .where('conversation_id', '=', conversationId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(after.state).recent).toContain(lateId); // folded again, not skipped
  });

  it('kefu analytics rebuild recomputes exactly the live facts from the events', async () => {
    const db = app.services.database.db;
    const live = await factTables(db, a.accountId);
    expect(live.conversation_facts).toHaveLength(1);
    await db.deleteFrom('conversation_facts').where('account_id', '=', a.accountId).execute();
    const r = await rebuildFacts(app.services, { accountId: a.accountId });
    expect(r.conversations).toBe(1);
    expect(await factTables(db, a.accountId)).toEqual(live);
  });
});
