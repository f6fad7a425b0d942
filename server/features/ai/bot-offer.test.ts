/**
 * The bot end to end when it cannot help, and where its answers come from: an off-topic question
 * gets "I can't answer that, shall I get a person?" (not unrelated "did you mean" articles) and the
 * customer's yes / no is followed; answers carry their sources (title, help-center link); the
 * handover note names the articles the bot tried by title.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateInbox } from '../../core/commands/accounts.ts';
import { execute } from '../../core/commands/context.ts';
import { systemActor } from '../../core/policies/actor.ts';
import type { SeededAccount, TestApp } from '../../test/test-app.ts';
import { botApp, eventually, widgetSay } from './test/bot-app.ts';

let app: TestApp;
let acct: SeededAccount;

beforeAll(async () => {
  ({ app, acct } = await botApp());
}, 60_000);
afterAll(async () => {
  await app.stop();
});

const db = () => app.services.database.db;
const turnOf = (messageId: string) =>
  eventually(() =>
    db()
      .selectFrom('bot_turns')
      .selectAll()
      .where('question_message_id', '=', messageId)
      .executeTakeFirst(),
  );
const messagesOf = async (token: string) =>
  (await app.api('GET', '/widget/v1/messages?limit=100', { token })).body.data as Array<{
    id: string;
    content: string;
    sender: { type: string };
    attributes: Record<string, any>;
  }>;
const modeOf = async (conversationId: string) =>
  (
    await db()
      .selectFrom('conversations')
      .select('mode')
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow()
  ).mode;

describe('The bot end to end: nothing relevant → it offers a person', () => {
  it('zh: "今天天气怎么样" is off topic: the offer instead of "did you mean"; "不用了" keeps the bot, "是的，转人工" hands over', async () => {
    const v = await app.visitor(acct.inboxToken);
    const q1 = await widgetSay(app, v.token, '今天天气怎么样', 'q1');
    expect(await turnOf(q1.message.id)).toMatchObject({
      action: 'offer',
      reason: 'out_of_scope',
      outcome: 'no_answer',
    });
    let seen = await messagesOf(v.token);
    const offer = seen.find((m) => m.sender.type === 'bot')!;
    expect(offer.content).toBe('抱歉，这个问题我暂时回答不了。需要为您转接人工客服吗？');
    expect(offer.attributes).toEqual({ kind: 'bot_offer_human', reason: 'out_of_scope' });
    expect(seen.some((m) => m.attributes.kind === 'bot_suggestions')).toBe(false);
    // the knowledge-gap loop still hears of the unanswered question
    const replied = await db()
      .selectFrom('events')
      .select('payload')
      .where('conversation_id', '=', q1.conversation.id)
      .where('type', '=', 'bot.replied')
      .execute();
    expect(JSON.parse(replied[0].payload)).toMatchObject({ outcome: 'no_answer' });

    const no = await widgetSay(app, v.token, '不用了', 'q2');
    expect(await turnOf(no.message.id)).toMatchObject({ action: 'decline' });
    seen = await messagesOf(v.token);
    expect(seen[seen.length - 1].content).toBe('好的，您可以换个说法再问我，或者问问其他问题。');
    expect(await modeOf(q1.conversation.id)).toBe('bot');

    // "招聘兼职": every article scores below the suggest threshold → the offer again, then yes
    const q3 = await widgetSay(app, v.token, '招聘兼职', 'q3');
    expect(await turnOf(q3.message.id)).toMatchObject({ action: 'offer' });
    const yes = await widgetSay(app, v.token, '是的，转人工', 'q4');
    expect(await turnOf(yes.message.id)).toMatchObject({ action: 'handover' });
    expect(await modeOf(q1.conversation.id)).toBe('human');
    seen = await messagesOf(v.token);
    expect(seen[seen.length - 1]).toMatchObject({ attributes: { kind: 'handover' } });
    const note = await eventually(() =>
      db()
        .selectFrom('messages')
        .select('content')
        .where('conversation_id', '=', q1.conversation.id)
        .where('message_type', '=', 'note')
        .executeTakeFirst(),
    );
    expect(note.content).toContain('客户问：“今天天气怎么样”；“招聘兼职”');
    expect(note.content).not.toContain('不用了');
    expect(note.content).toContain('机器人已尝试：无法回答，询问是否转人工');
  }, 120_000);

  it('en: "what is the weather today" gets the offer in English; "Yes, get a person" hands over', async () => {
    const v = await app.visitor(acct.inboxToken);
    const q1 = await widgetSay(app, v.token, 'what is the weather today', 'q1');
    expect(await turnOf(q1.message.id)).toMatchObject({ action: 'offer' });
    const seen = await messagesOf(v.token);
    expect(seen.find((m) => m.sender.type === 'bot')?.content).toBe(
      "Sorry, I can't answer that. Shall I get a person for you?",
    );
    const yes = await widgetSay(app, v.token, 'Yes, get a person', 'q2');
    expect(await turnOf(yes.message.id)).toMatchObject({ action: 'handover' });
    expect(await modeOf(q1.conversation.id)).toBe('human');
  }, 120_000);
});

describe('The bot end to end: sources', () => {
  it('an answer carries its article: title and help-center link (the page opens); the handover note names it by title', async () => {
    const shop = await app.seedAccount();
    await execute(app.services, systemActor(shop.accountId), updateInbox, {
      inboxId: shop.inboxId,
      settings: { bot: { mode: 'on' } },
    });
    const owner = await app.login(shop.users.owner.email, shop.users.owner.password);
    const articles = [
      {
        title: '如何修改收货地址？',
        answer: '发货前可在「我的订单」中点「修改地址」。已发货的订单请联系快递员改派。',
        similarQuestions: [
          '怎么改收货地址',
          '收货地址填错了',
          '下单后能改地址吗',
          '地址写错了怎么办',
        ],
        keywords: ['地址', '收货地址', '改地址'],
      },
      {
        title: '怎么开发票？',
        answer: '在「我的订单」中点「申请开票」，电子发票会发到您的邮箱。',
        similarQuestions: ['怎么开发票', '发票在哪里开', '能开增值税发票吗'],
        keywords: ['发票', '开票'],
      },
      {
        title: '支持哪些付款方式？',
        answer: '支持微信支付、支付宝和银行卡。',
        similarQuestions: ['怎么付款', '能用支付宝吗', '可以刷卡吗'],
        keywords: ['付款', '支付'],
      },
    ];
    const ids: string[] = [];
    for (const a of articles) {
      const r = await app.api('POST', '/api/v1/kb/articles', {
        session: owner,
        body: { ...a, body: a.answer, locale: 'zh-CN', status: 'published' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids.push(r.body.id);
    }
    const v = await app.visitor(shop.inboxToken);
    const q = await widgetSay(app, v.token, '收货地址填错了', 'q1');
    expect(await turnOf(q.message.id)).toMatchObject({ action: 'answer' });
    const answer = (await messagesOf(v.token)).find((m) => m.sender.type === 'bot')!;
    const slug = (
      await db()
        .selectFrom('accounts')
        .select('slug')
        .where('id', '=', shop.accountId)
        .executeTakeFirstOrThrow()
    ).slug;
    expect(answer.attributes).toMatchObject({
      kind: 'bot_answer',
      articleIds: [ids[0]],
      sources: [
        { articleId: ids[0], title: '如何修改收货地址？', url: `/help/${slug}/articles/${ids[0]}` },
      ],
    });
    const page = await fetch(`${app.url}${answer.attributes.sources[0].url}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('如何修改收货地址？');

    const human = await widgetSay(app, v.token, '转人工', 'q2');
    await turnOf(human.message.id);
    const note = await eventually(() =>
      db()
        .selectFrom('messages')
        .select('content')
        .where('conversation_id', '=', q.conversation.id)
        .where('message_type', '=', 'note')
        .executeTakeFirst(),
    );
    expect(note.content).toContain('机器人已尝试：回答了《如何修改收货地址？》');
    expect(note.content).not.toContain(ids[0]);
    // the agent reads the same note through the API
    const msgs = await app.api('GET', `/api/v1/conversations/${q.conversation.id}/messages`, {
      session: await app.login(shop.users.agent.email, shop.users.agent.password),
    });
    expect(JSON.stringify(msgs.body)).toContain('回答了《如何修改收货地址？》');
  }, 120_000);

  it('no link for an article the help center does not show (help center off)', async () => {
    const shop = await app.seedAccount();
    const owner = await app.login(shop.users.owner.email, shop.users.owner.password);
    await execute(app.services, systemActor(shop.accountId), updateInbox, {
      inboxId: shop.inboxId,
      settings: { bot: { mode: 'on' } },
    });
    await db()
      .updateTable('accounts')
      .set({ settings: JSON.stringify({ helpCenter: { enabled: false } }) })
      .where('id', '=', shop.accountId)
      .execute();
    for (const [title, similarQuestions] of [
      ['如何修改收货地址？', ['怎么改收货地址', '收货地址填错了', '地址写错了怎么办']],
      ['怎么开发票？', ['怎么开发票', '发票在哪里开']],
    ] as const)
      await app.api('POST', '/api/v1/kb/articles', {
        session: owner,
        body: {
          title,
          answer: `${title}的答案`,
          body: 'x',
          similarQuestions,
          keywords: [],
          locale: 'zh-CN',
          status: 'published',
        },
      });
    const v = await app.visitor(shop.inboxToken);
    const q = await widgetSay(app, v.token, '收货地址填错了', 'q1');
    expect(await turnOf(q.message.id)).toMatchObject({ action: 'answer' });
    const answer = (await messagesOf(v.token)).find((m) => m.sender.type === 'bot')!;
    expect(answer.attributes.sources).toEqual([
      { articleId: expect.any(String), title: '如何修改收货地址？' },
    ]);
  }, 120_000);
});
