import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../../core/commands/context.ts';
import { findOrCreateContact } from '../../../core/commands/contacts.ts';
import { receiveMessage } from '../../../core/commands/receive-message.ts';
import { requestHuman } from '../../../core/commands/request-human.ts';
import { sendMessage } from '../../../core/commands/send-message.ts';
import type { EventPayloads } from '../../../core/events/catalog.ts';

type BotRepliedPayload = EventPayloads['bot.replied'];
import { systemActor, type Actor } from '../../../core/policies/actor.ts';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';
import { until } from '../../../test/wait.ts';

let app: TestApp;
let acct: SeededAccount;
let admin: Session;
let agent: Session;
let otherAdmin: Session;

const TOPICS: Record<string, string[]> = {
  cod: [
    'Can I pay cash on delivery?',
    'do you accept cash on delivery',
    'is COD payment possible, cash when it arrives',
    'pay in cash when the parcel is delivered?',
  ],
  student: [
    'Is there a student discount?',
    'do students get a discount',
    'student discount code please',
    'any discounts for university students?',
  ],
  address: ['能修改收货地址吗', '收货地址填错了怎么办', '下单后还能改地址吗', '我想换一个收货地址'],
};
const OUTCOMES: BotRepliedPayload['outcome'][] = [
  'no_answer',
  'handover',
  'suggested',
  'no_answer',
];

async function ask(
  question: string,
  outcome: BotRepliedPayload['outcome'],
  articleIds: string[] = [],
  replyMessageId: string | null = null,
) {
  const email = `c${Math.random().toString(36).slice(2)}@example.com`;
  const { contact } = await execute(
    app.services,
    systemActor(acct.accountId),
    findOrCreateContact,
    { identity: { kind: 'email', value: email }, name: 'C', email },
  );
  const visitor: Actor = {
    kind: 'contact',
    contactId: contact.id,
    accountId: acct.accountId,
    inboxId: acct.inboxId,
  };
  const { conversation, message } = await execute(app.services, visitor, receiveMessage, {
    inboxId: acct.inboxId,
    contactId: contact.id,
    content: question,
  });
  await execute(
    app.services,
    systemActor(acct.accountId, 'bot'),
    async (ctx) => {
      await ctx.events.record(
        'bot.replied',
        {
          conversationId: conversation.id,
          questionMessageId: message.id,
          question,
          replyMessageId,
          outcome,
          articleIds,
          confidence: 0.2,
        },
        conversation.id,
      );
    },
    null,
  );
  return conversation.id;
}

async function settle(expected: number) {
  const db = app.services.database.db;
  for (let i = 0; i < 200; i++) {
    const n = Number(
      (
        await db
          .selectFrom('kb_questions')
          .select((e) => e.fn.countAll().as('n'))
          .where('account_id', '=', acct.accountId)
          .executeTakeFirstOrThrow()
      ).n,
    );
    if (n >= expected) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('gap processor did not catch up');
}

beforeAll(async () => {
  app = await testApp();
  acct = await app.seedAccount();
  const other = await app.seedAccount();
  admin = await app.login(acct.users.owner.email, acct.users.owner.password);
  agent = await app.login(acct.users.agent.email, acct.users.agent.password);
  otherAdmin = await app.login(other.users.owner.email, other.users.owner.password);
});
afterAll(async () => {
  await app?.stop();
});

describe('knowledge-gap loop', () => {
  let codGap: any;
  let articleId: string;

  it("clusters unanswered questions into their topics, ranked, with examples and the agents' replies", async () => {
    const convs: Record<string, string[]> = { cod: [], student: [], address: [] };
    for (let i = 0; i < 4; i++)
      for (const [topic, qs] of Object.entries(TOPICS))
        convs[topic].push(await ask(qs[i], OUTCOMES[i]));
    await ask('Do you sell gift cards?', 'no_answer');
    await settle(13);
    const agentActor = acct.users.agent.actor;
    await execute(app.services, agentActor, sendMessage, {
      conversationId: convs.cod[0],
      content: 'Yes — choose "Cash on delivery" at checkout; the courier accepts cash or card.',
    });

    const list = await app.api('GET', '/api/v1/kb/gaps', { session: admin });
    expect(list.status).toBe(200);
    const gaps = list.body.gaps;
    expect(gaps.slice(0, 3).map((g: any) => g.volume)).toEqual([4, 4, 4]);
    expect(gaps).toHaveLength(4);
    expect(gaps[3]).toMatchObject({ volume: 1, label: 'Do you sell gift cards?' });
    for (const [topic, qs] of Object.entries(TOPICS)) {
      const g = gaps.find((x: any) => qs.includes(x.label));
      expect(g, topic).toBeTruthy();
      const detail = (await app.api('GET', `/api/v1/kb/gaps/${g.id}`, { session: admin })).body;
      expect(detail.examples.map((e: any) => e.question).sort()).toEqual([...qs].sort());
      expect(g.last7).toBe(4);
      if (topic === 'cod') codGap = detail;
    }
    expect(codGap.agentReplies[0]).toMatchObject({
      text: expect.stringContaining('Cash on delivery'),
      conversationId: convs.cod[0],
    });
    expect((await app.api('GET', '/api/v1/kb/gaps', { session: agent })).status).toBe(403);
    expect(
      (await app.api('GET', `/api/v1/kb/gaps/${codGap.id}`, { session: otherAdmin })).status,
    ).toBe(404);
  });

  it("drafts an article from a gap in one click, prefilled from the questions and the agent's reply", async () => {
    const res = await app.api('POST', `/api/v1/kb/gaps/${codGap.id}/draft`, { session: admin });
    expect(res.status).toBe(201);
    expect(res.body.source).toBe('agent_reply');
    const a = res.body.article;
    articleId = a.id;
    expect(a).toMatchObject({
      status: 'draft',
      locale: 'en',
      answer: expect.stringContaining('Cash on delivery'),
    });
    expect([a.title, ...a.similarQuestions].sort()).toEqual([...TOPICS.cod].sort());
    expect(
      (await app.api('POST', `/api/v1/kb/gaps/${codGap.id}/draft`, { session: admin })).status,
    ).toBe(409);
  });

  it("measures the bot's answer rate and helpfulness before and after the article is published", async () => {
    await new Promise((r) => setTimeout(r, 5));
    expect(
      (await app.api('POST', `/api/v1/kb/articles/${articleId}/publish`, { session: admin }))
        .status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 5));
    const replyIds = [
      '0190aaaa-0000-7000-8000-00000000000a',
      '0190aaaa-0000-7000-8000-00000000000b',
      '0190aaaa-0000-7000-8000-00000000000c',
    ];
    await ask('can I pay with cash on delivery', 'answered', [articleId], replyIds[0]);
    await ask('cash on delivery possible?', 'answered', [articleId], replyIds[1]);
    await ask(
      'do you take cash when the parcel is delivered',
      'answered',
      [articleId],
      replyIds[2],
    );
    await settle(16);
    for (const [messageId, helpful] of [
      [replyIds[0], true],
      [replyIds[1], true],
      [replyIds[2], false],
    ] as const) {
      await execute(
        app.services,
        systemActor(acct.accountId, 'widget'),
        async (ctx) =>
          ctx.events.record('bot.feedback', {
            conversationId: '0190aaaa-0000-7000-8000-000000000001',
            messageId,
            helpful,
          }),
        null,
      );
    }
    // The feedback events are processed after their commits: wait until all three ratings are counted.
    const detail = await until(
      async () => (await app.api('GET', `/api/v1/kb/gaps/${codGap.id}`, { session: admin })).body,
      (d) => d.effect?.after?.rated === 3,
      { what: 'three ratings counted' },
    );
    expect(detail.status).toBe('resolved');
    expect(detail.effect.before).toMatchObject({ questions: 4, answered: 0, answerRate: 0 });
    expect(detail.effect.after).toMatchObject({
      questions: 3,
      answered: 3,
      answerRate: 1,
      rated: 3,
      helpful: 2,
    });
    expect(detail.effect.after.helpfulness).toBeCloseTo(2 / 3);
    const open = (await app.api('GET', '/api/v1/kb/gaps', { session: admin })).body.gaps;
    expect(open.some((g: any) => g.id === codGap.id)).toBe(false);
    const resolved = (await app.api('GET', '/api/v1/kb/gaps?status=resolved', { session: admin }))
      .body.gaps;
    expect(resolved.map((g: any) => g.id)).toEqual([codGap.id]);
  });

  it('ignores duplicates of the same event and un-gaps a suggestion the customer took', async () => {
    const db = app.services.database.db;
    const before = await db
      .selectFrom('kb_questions')
      .select('id')
      .where('account_id', '=', acct.accountId)
      .execute();
    const conv = await ask('how long is the warranty', 'suggested', [articleId]);
    await settle(before.length + 1);
    await execute(
      app.services,
      systemActor(acct.accountId, 'bot'),
      async (ctx) => {
        await ctx.events.record(
          'bot.replied',
          {
            conversationId: conv,
            questionMessageId: null as unknown as string,
            question: 'Cash on delivery',
            replyMessageId: null,
            outcome: 'answered',
            articleIds: [articleId],
            confidence: 0.9,
          },
          conv,
        );
      },
      null,
    );
    await settle(before.length + 2);
    const rows = await db
      .selectFrom('kb_questions')
      .select(['question', 'is_gap'])
      .where('conversation_id', '=', conv)
      .orderBy('created_at')
      .execute();
    expect(rows).toEqual([
      { question: 'how long is the warranty', is_gap: 0 },
      { question: 'Cash on delivery', is_gap: 0 },
    ]);
    const { recordBotReplied } = await import('./record.ts');
    const ev = await db
      .selectFrom('events')
      .selectAll()
      .where('account_id', '=', acct.accountId)
      .where('type', '=', 'bot.replied')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const { eventFromRow } = await import('../../../core/events/recorder.ts');
    const n0 = (
      await db
        .selectFrom('kb_questions')
        .select('id')
        .where('account_id', '=', acct.accountId)
        .execute()
    ).length;
    await recordBotReplied(db, eventFromRow(ev) as any);
    expect(
      (
        await db
          .selectFrom('kb_questions')
          .select('id')
          .where('account_id', '=', acct.accountId)
          .execute()
      ).length,
    ).toBe(n0);
  });

  it('does not count a handover because the customer was upset or asked for a person as a knowledge gap', async () => {
    const db = app.services.database.db;
    const email = 'upset@example.com';
    const { contact } = await execute(
      app.services,
      systemActor(acct.accountId),
      findOrCreateContact,
      { identity: { kind: 'email', value: email }, name: 'U', email },
    );
    const visitor: Actor = {
      kind: 'contact',
      contactId: contact.id,
      accountId: acct.accountId,
      inboxId: acct.inboxId,
    };
    const { conversation, message } = await execute(app.services, visitor, receiveMessage, {
      inboxId: acct.inboxId,
      contactId: contact.id,
      content: '你们这是什么垃圾服务，我要投诉！',
    });
    await db
      .updateTable('conversations')
      .set({ mode: 'bot' })
      .where('id', '=', conversation.id)
      .execute();
    await execute(app.services, systemActor(acct.accountId, 'bot'), requestHuman, {
      conversationId: conversation.id,
      reason: 'negative_emotion',
    });
    const n = (
      await db
        .selectFrom('kb_questions')
        .select('id')
        .where('account_id', '=', acct.accountId)
        .execute()
    ).length;
    await execute(
      app.services,
      systemActor(acct.accountId, 'bot'),
      async (ctx) => {
        await ctx.events.record(
          'bot.replied',
          {
            conversationId: conversation.id,
            questionMessageId: message.id,
            question: '你们这是什么垃圾服务，我要投诉！',
            replyMessageId: null,
            outcome: 'handover',
            articleIds: [],
            confidence: 0,
          },
          conversation.id,
        );
      },
      null,
    );
    await settle(n + 1);
    const row = await db
      .selectFrom('kb_questions')
      .select(['is_gap', 'topic_id'])
      .where('conversation_id', '=', conversation.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ is_gap: 0, topic_id: null });
  });
});
