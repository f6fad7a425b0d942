import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../test/test-app.ts';
import { listConversations, viewCounts } from './conversations.ts';

let app: TestApp;
let acct: SeededAccount;
let other: SeededAccount;
let agent: Session;
const ids: string[] = [];

// [priority, waiting_since offset (null = not waiting), updated_at offset]
const SPEC: Array<[string, number | null, number]> = [
  ['none', 50, 9],
  ['urgent', null, 1],
  ['high', 10, 5],
  ['low', 30, 7],
  ['urgent', 20, 3],
  ['medium', null, 8],
  ['high', 40, 2],
  ['none', null, 6],
];

beforeAll(async () => {
  app = await testApp();
  acct = await app.seedAccount();
  other = await app.seedAccount();
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
  const db = app.services.database.db;
  for (let i = 0; i < SPEC.length; i++) {
    const v = await app.visitor(acct.inboxToken);
    const r = await app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: `c${i}`, clientMessageId: `c${i}` },
    });
    ids.push(r.body.conversation.id);
    const [priority, waiting, updated] = SPEC[i];
    await db
      .updateTable('conversations')
      .set({
        priority: priority as never,
        waiting_since: waiting == null ? null : 1_000_000 + waiting,
        updated_at: 2_000_000 + updated,
      })
      .where('id', '=', r.body.conversation.id)
      .execute();
  }
  const ov = await app.visitor(other.inboxToken);
  await app.api('POST', '/widget/v1/messages', {
    token: ov.token,
    body: { content: 'other', clientMessageId: 'o' },
  });
});
afterAll(async () => {
  await app.stop();
});

async function walk(sort: 'waiting' | 'priority' | 'last_activity', limit: number) {
  const out: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await listConversations(app.services.database.db, {
      accountId: acct.accountId,
      viewerId: null,
      limit,
      cursor,
      sort,
    });
    out.push(...page.data.map((c) => c.id));
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('no end');
}

const order = (cmp: (a: number, b: number) => number) =>
  SPEC.map((_, i) => i)
    .sort(cmp)
    .map((i) => ids[i]);

describe('conversation list sorts (keyset)', () => {
  it('waiting: oldest waiting first, never-waiting last, same order through every page size', async () => {
    const expected = order((a, b) => {
      const wa = SPEC[a][1] ?? Infinity;
      const wb = SPEC[b][1] ?? Infinity;
      return wa !== wb ? wa - wb : ids[a] < ids[b] ? -1 : 1;
    });
    for (const limit of [1, 3, 100]) expect(await walk('waiting', limit)).toEqual(expected);
  });

  it('priority: urgent > high > medium > low > none, then last activity', async () => {
    const rank: Record<string, number> = { urgent: 4, high: 3, medium: 2, low: 1, none: 0 };
    const expected = order(
      (a, b) => rank[SPEC[b][0]] - rank[SPEC[a][0]] || SPEC[b][2] - SPEC[a][2],
    );
    for (const limit of [1, 2, 5, 100]) expect(await walk('priority', limit)).toEqual(expected);
  });

  it('last activity stays the default and pages the same', async () => {
    expect(await walk('last_activity', 3)).toEqual(order((a, b) => SPEC[b][2] - SPEC[a][2]));
  });

  it('a constant number of statements per page whatever the sort and size', async () => {
    // Count only this call's statements (background processors share the connection and the global counter):
    // a plugin on a derived Kysely instance sees exactly the queries built through it.
    let statements = 0;
    const counted = app.services.database.db.withPlugin({
      transformQuery: (args) => {
        statements++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const counts: number[] = [];
    for (const sort of ['waiting', 'priority', 'last_activity'] as const)
      for (const limit of [2, 8, 25]) {
        statements = 0;
        await listConversations(counted, {
          accountId: acct.accountId,
          viewerId: null,
          limit,
          sort,
        });
        counts.push(statements);
      }
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size).toBe(1);
  });

  it('over HTTP: sort param validated, bad or mismatched cursors are 400 invalid_cursor', async () => {
    const ok = await app.api('GET', '/api/v1/conversations?sort=priority&limit=2', {
      session: agent,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toHaveLength(2);
    const next = await app.api(
      'GET',
      `/api/v1/conversations?sort=priority&limit=2&cursor=${ok.body.nextCursor}`,
      { session: agent },
    );
    expect(next.body.data.map((c: { id: string }) => c.id)).not.toContain(ok.body.data[0].id);
    expect(
      (await app.api('GET', '/api/v1/conversations?sort=bogus', { session: agent })).status,
    ).toBe(400);
    const plain = Buffer.from(JSON.stringify({ t: 1, id: ids[0] })).toString('base64url');
    const bad = await app.api('GET', `/api/v1/conversations?sort=priority&cursor=${plain}`, {
      session: agent,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_cursor');
  });
});

describe('view counts', () => {
  it('counts per view, per status, team, inbox and label, scoped to the account', async () => {
    const db = app.services.database.db;
    await app.api('POST', `/api/v1/conversations/${ids[0]}/assignment`, {
      session: agent,
      body: { assigneeId: acct.users.agent.id },
    });
    await app.api('PUT', `/api/v1/conversations/${ids[1]}/labels`, {
      session: agent,
      body: { labels: ['vip'] },
    });
    await app.api('PATCH', `/api/v1/conversations/${ids[2]}`, {
      session: agent,
      body: { status: 'resolve' },
    });
    const c = await viewCounts(db, acct.accountId, acct.users.agent.id);
    expect(c).toMatchObject({
      mine: 1,
      unassigned: SPEC.length - 2,
      all: SPEC.length - 1,
      byLabel: { vip: 1 },
      byInbox: { [acct.inboxId]: SPEC.length - 1 },
    });
    expect(c.byStatus).toMatchObject({ open: SPEC.length - 1, resolved: 1 });
    const res = await app.api('GET', '/api/v1/conversations/counts', { session: agent });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(c);
    expect((await app.api('GET', '/api/v1/conversations/counts')).status).toBe(401);
  });
});

describe('the bot view: conversations the bot owns stay out of the human views until handover', () => {
  it('lists and counts by mode; counts without mode stay as they were; a handover moves one across', async () => {
    const a = await app.seedAccount();
    const s = await app.login(a.users.agent.email, a.users.agent.password);
    // nobody online: routing assigns no conversation by itself here
    await app.api('PATCH', '/api/v1/me', { session: s, body: { availability: 'offline' } });
    const convs: string[] = [];
    const tokens: string[] = [];
    for (let i = 0; i < 4; i++) {
      const v = await app.visitor(a.inboxToken);
      const r = await app.api('POST', '/widget/v1/messages', {
        token: v.token,
        body: { content: `bot view ${i}`, clientMessageId: `bv${i}` },
      });
      convs.push(r.body.conversation.id);
      tokens.push(v.token);
    }
    // 0, 1: the bot's, written straight to the row once every processor is done with the customers'
    // messages (an event, or a bot still to run on a message, would have the bot take a turn: with no
    // knowledge base it hands over at once); 2: mine; 3: unassigned (people's)
    const db = app.services.database.db;
    for (let i = 0; ; i++) {
      const pending = await db
        .selectFrom('events')
        .select('id')
        .where('conversation_id', 'in', convs)
        .where('dispatched_at', 'is', null)
        .execute();
      if (!pending.length) break;
      if (i > 600) throw new Error('events not dispatched');
      await new Promise((r) => setTimeout(r, 50));
    }
    await db
      .updateTable('conversations')
      .set({ mode: 'bot' })
      .where('id', 'in', convs.slice(0, 2))
      .execute();
    await app.api('POST', `/api/v1/conversations/${convs[2]}/assignment`, {
      session: s,
      body: { assigneeId: a.users.agent.id },
    });
    const ids = async (q: string) =>
      (await app.api('GET', `/api/v1/conversations?${q}`, { session: s })).body.data
        .map((c: { id: string }) => c.id)
        .sort();
    expect(await ids('status=open&assignee=none&mode=human')).toEqual([convs[3]]);
    expect(await ids('status=open&mode=human')).toEqual([convs[2], convs[3]].sort());
    expect(await ids('status=open&mode=bot')).toEqual(convs.slice(0, 2).sort());
    // without mode the list is what it always was
    expect(await ids('status=open&assignee=none')).toEqual([convs[0], convs[1], convs[3]].sort());

    const human = await app.api('GET', '/api/v1/conversations/counts?mode=human', { session: s });
    expect(human.status).toBe(200);
    expect(human.body).toEqual({
      mine: 1,
      unassigned: 1,
      all: 2,
      bot: 2,
      byStatus: { open: 2 },
      byTeam: {},
      byInbox: { [a.inboxId]: 2 },
      byLabel: {},
    });
    const bot = await app.api('GET', '/api/v1/conversations/counts?mode=bot', { session: s });
    expect(bot.body).toMatchObject({ mine: 0, unassigned: 2, all: 2, bot: 2 });
    const every = await app.api('GET', '/api/v1/conversations/counts', { session: s });
    expect(every.body).toMatchObject({ mine: 1, unassigned: 3, all: 4, bot: 2 });
    expect(every.body.byInbox).toEqual({ [a.inboxId]: 4 });
    expect(
      (await app.api('GET', '/api/v1/conversations/counts?mode=robot', { session: s })).status,
    ).toBe(400);

    // the customer asks for a person: the conversation leaves the bot view for the human queue
    const handover = await app.api('POST', '/widget/v1/handover', {
      token: tokens[0],
      body: { locale: 'en' },
    });
    expect(handover.status).toBeLessThan(300);
    expect(await ids('status=open&assignee=none&mode=human')).toEqual([convs[0], convs[3]].sort());
    expect(await ids('status=open&mode=bot')).toEqual([convs[1]]);
    const after = await app.api('GET', '/api/v1/conversations/counts?mode=human', { session: s });
    expect(after.body).toMatchObject({ mine: 1, unassigned: 2, all: 3, bot: 1 });
  });

  it('the mode filter keeps the fixed number of statements of the counts', async () => {
    let statements = 0;
    const counted = app.services.database.db.withPlugin({
      transformQuery: (args) => {
        statements++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const n: number[] = [];
    for (const mode of [undefined, 'human', 'bot'] as const) {
      statements = 0;
      await viewCounts(counted, acct.accountId, acct.users.agent.id, undefined, { mode });
      n.push(statements);
    }
    expect(new Set(n).size).toBe(1);
  });
});
