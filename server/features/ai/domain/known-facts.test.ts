import { describe, expect, it } from 'vitest';
import { asksFor, asksForKnown, knownFacts } from './known-facts.ts';

describe('knownFacts: what the customer already gave', () => {
  it.each([
    [['我上周买的鞋子到现在还没到！订单号 20261120001。'], { orderNumber: '20261120001' }],
    [['你好，我的订单 A1001 还没发货'], { orderNumber: 'A1001' }],
    [['Hi, where is my order #4711?'], { orderNumber: '4711' }],
    [['My order number is 98-77651'], { orderNumber: '98-77651' }],
    [['订单号：SO2026-0042，能退吗'], { orderNumber: 'SO2026-0042' }],
    // the answer to "your order number?" on its own
    [['where is my parcel', '20261120001'], { orderNumber: '20261120001' }],
    [
      ['我的手机是 13800138000，邮箱 li.lei@example.com'],
      { phone: '13800138000', email: 'li.lei@example.com' },
    ],
    [['call me on +44 20 7946 0958'], { phone: '+44 20 7946 0958' }],
    // a later mention wins
    [['order #1111', 'sorry, it is order #2222'], { orderNumber: '2222' }],
    // nothing given
    [['我的订单还没到', 'where is my order?', '我等了 3 天了', 'It costs 299 yuan'], {}],
  ] as const)('%j', (messages, expected) => {
    expect(knownFacts([...messages])).toEqual(expected);
  });

  it('a phone number is not taken for an order number', () => {
    expect(knownFacts(['13800138000'])).toEqual({ phone: '13800138000' });
  });
});

describe('asksFor: what a reply asks the customer for', () => {
  it.each([
    ['请提供一下订单号，我马上为您查询最新物流。', ['orderNumber']],
    ['如超过 3 天物流没有更新，请回复订单号，我们为您联系快递公司核实。', ['orderNumber']],
    ['Could you share your order number? I will check right away.', ['orderNumber']],
    ['If it has not changed, reply with your order number and we will check.', ['orderNumber']],
    ['请留下您的邮箱，我们会把发票发给您。', ['email']],
    ['What is your email address?', ['email']],
    ['请提供注册手机号的后四位', ['phone']],
    ['Please give me the last four digits of your registered phone number', ['phone']],
    ['我马上为您查询订单 20261120001 的最新物流。', []],
    ['I will check the latest tracking of order 4711 right away.', []],
  ] as const)('%s', (text, expected) => {
    expect(asksFor(text)).toEqual(expected);
  });
  it('asksForKnown: only a fact that was given counts', () => {
    expect(asksForKnown('请提供一下订单号', { orderNumber: '1234' })).toBe(true);
    expect(asksForKnown('请提供一下订单号', { email: 'a@b.co' })).toBe(false);
  });
});
