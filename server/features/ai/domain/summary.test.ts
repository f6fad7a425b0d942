import { describe, expect, it } from 'vitest';
import { type SummaryInput, type SummaryLine, summaryParts, summaryText } from './summary.ts';

const customer = (text: string): SummaryLine => ({
  type: 'incoming',
  sender: 'contact',
  text,
  attributes: {},
});
const agent = (text: string): SummaryLine => ({
  type: 'outgoing',
  sender: 'user',
  text,
  attributes: {},
});
const bot = (text: string, attributes: Record<string, unknown>): SummaryLine => ({
  type: 'outgoing',
  sender: 'bot',
  text,
  attributes,
});
const handover = (reason: string): SummaryLine => ({
  type: 'outgoing',
  sender: 'system',
  text: '正在为您转接人工客服',
  attributes: { kind: 'handover', reason },
});

/** A customer asks where the order is, the bot answers from the KB, they ask for a person. */
const base: SummaryInput = {
  lines: [
    customer('你好'),
    customer('我上周买的鞋子到现在还没到！订单号 20261120001。'),
    bot('您可以在「我的订单」中…', {
      kind: 'bot_answer',
      sources: [{ articleId: 'a', title: '我的快递到哪了？怎么查询订单物流？' }],
    }),
    customer('转人工'),
    handover('detected_request'),
  ],
  emotion: { label: 'angry', intensity: 0.62, trend: 'rising_anger' },
  mode: 'human',
  status: 'open',
  handoverReason: 'detected_request',
  intent: 'delivery',
  facts: { orderNumber: '20261120001' },
};

describe('the offline summary: problem, tried, status, next step', () => {
  it('summarises both sides in the agent language (zh)', () => {
    const parts = summaryParts('zh', base)!;
    expect(parts).toEqual({
      problem: '「我上周买的鞋子到现在还没到！」「订单号 20261120001。」',
      tried: '机器人回答了《我的快递到哪了？怎么查询订单物流？》；转人工（客户要求人工）',
      status: '等待客服回复；已转人工（客户要求人工）；客户情绪：愤怒（62%，怒气上升）',
      next: '查询订单 20261120001 的配送进度并告知客户',
    });
    expect(summaryText('zh', parts)).toBe(
      [
        '问题：「我上周买的鞋子到现在还没到！」「订单号 20261120001。」',
        '已尝试：机器人回答了《我的快递到哪了？怎么查询订单物流？》；转人工（客户要求人工）',
        '状态：等待客服回复；已转人工（客户要求人工）；客户情绪：愤怒（62%，怒气上升）',
        '下一步：查询订单 20261120001 的配送进度并告知客户',
      ].join('\n'),
    );
  });

  it('… and in English, with the agent replies and actions, waiting on the customer', () => {
    const parts = summaryParts('en', {
      ...base,
      lines: [
        ...base.lines,
        {
          type: 'activity',
          sender: 'user',
          text: '',
          attributes: { activity: 'assigned', assigneeId: 'u1' },
        },
        agent('I am checking with the courier now.'),
        agent('The parcel is at the depot and will arrive tomorrow. Anything else?'),
      ],
      emotion: { label: 'neutral', intensity: 0.1, trend: 'calming' },
    })!;
    expect(parts.problem).toBe('“我上周买的鞋子到现在还没到！” “订单号 20261120001。”');
    expect(parts.tried).toBe(
      'the bot answered “我的快递到哪了？怎么查询订单物流？”; handed to a person (the customer asked for a person); assigned to an agent; an agent replied 2 times, last: “The parcel is at the depot and will arrive tomorrow. Anything else?”',
    );
    expect(parts.status).toBe(
      'waiting on the customer; handed over (the customer asked for a person)',
    );
    expect(parts.next).toBe('Follow up when the customer replies');
    expect(
      summaryText('en', parts)
        .split('\n')
        .map((l) => l.split(':')[0]),
    ).toEqual(['Problem', 'Tried', 'Status', 'Next step']);
  });

  it('asks for the order number as the next step only when it was not given', () => {
    const lines = [customer('where is my order? it has been a week')];
    const ask = summaryParts('en', {
      ...base,
      lines,
      handoverReason: null,
      facts: {},
      emotion: null,
    });
    expect(ask).toMatchObject({
      tried: 'nothing yet',
      status: "waiting for an agent's reply",
      next: 'Ask for the order number and check the delivery',
    });
    const given = summaryParts('en', {
      ...base,
      lines,
      handoverReason: null,
      facts: { orderNumber: '4711' },
      emotion: null,
    });
    expect(given?.next).toBe('Check the delivery of order 4711 and tell the customer');
  });

  it('tells the bot\'s "did you mean" and its offer of a person; resolved, bot and snoozed states', () => {
    const lines = [
      customer('招聘兼职'),
      bot('抱歉…', { kind: 'bot_offer_human', reason: 'out_of_scope' }),
      customer('运费'),
      bot('您是不是想问：', {
        kind: 'bot_suggestions',
        suggestions: [{ title: '运费怎么算' }, { title: '包邮吗' }],
      }),
    ];
    const withBot = summaryParts('zh', {
      ...base,
      lines,
      mode: 'bot',
      handoverReason: null,
      emotion: null,
      intent: null,
      facts: {},
    })!;
    expect(withBot.tried).toBe(
      '机器人无法回答，询问是否转人工；机器人推荐了《运费怎么算》《包邮吗》',
    );
    expect(withBot.status).toBe('机器人接待中');
    expect(withBot.next).toBe('机器人正在接待，需要时接手对话');
    const resolved = summaryParts('zh', { ...base, status: 'resolved' })!;
    expect(resolved.status).toBe('已解决；已转人工（客户要求人工）');
    expect(resolved.next).toBe('无需处理');
    expect(summaryParts('en', { ...base, status: 'snoozed' })?.status).toMatch(/^snoozed/);
  });

  it('nothing to summarise before the customer wrote', () => {
    expect(summaryParts('zh', { ...base, lines: [] })).toBeNull();
  });
});
