import { describe, expect, it } from 'vitest';
import { detectHumanRequest } from './human-request.ts';

describe('detectHumanRequest', () => {
  it.each([
    '转人工',
    '人工客服',
    '找你们经理',
    '我要人工',
    '给我接人工',
    '人工',
    '有真人客服吗',
    '我不要机器人，我要人工',
    'talk to a person',
    'agent please',
    'I want a real human',
    'can I speak with someone?',
    'let me speak to your manager',
    'Connect me to a live agent',
    'AGENT',
  ])('detects %s', (text) => {
    const r = detectHumanRequest(text);
    expect(r.detected).toBe(true);
    expect(r.phrase).toBeTruthy();
  });

  it.each([
    '不用转人工',
    '不需要人工客服了，谢谢',
    '别转人工，我自己看',
    '人工智能是什么',
    'where is my order',
    "I don't need to talk to an agent",
    'no need for a real human',
    '我的订单什么时候到',
  ])('does not detect %s', (text) => expect(detectHumanRequest(text).detected).toBe(false));
});
