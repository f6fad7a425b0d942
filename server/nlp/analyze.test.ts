import { describe, expect, it } from 'vitest';
import { analyzeMessage } from './analyze.ts';
import { emotionTrajectory } from './emotion/trajectory.ts';
import { loadModels } from './models.ts';

const models = await loadModels();

describe('analyzeMessage with the shipped models', () => {
  it('angry Chinese complaint', () => {
    const a = analyzeMessage('你们这是什么垃圾服务，我要投诉！', models);
    expect(a.language).toBe('zh');
    expect(a.emotion.label).toBe('angry');
    expect(a.emotion.intensity).toBeGreaterThan(0.5);
    expect(a.sentiment.label).toBe('negative');
    expect(a.sentiment.score).toBeLessThan(-0.5);
    expect(a.intent?.label).toBe('complaint');
  });

  it('neutral English question', () => {
    const a = analyzeMessage('where is my order', models);
    expect(a.language).toBe('en');
    expect(a.emotion.label).toBe('neutral');
    expect(a.sentiment.label).toBe('neutral');
    expect(['order_status', 'delivery']).toContain(a.intent?.label);
  });

  it.each([
    ['Thank you so much, the refund arrived!', 'happy', 'positive'],
    ['非常感谢，问题解决了', 'happy', 'positive'],
    ['This is ridiculous, I want my money back now!', 'angry', 'negative'],
  ])('%s → %s / %s', (text, emotion, sentiment) => {
    const a = analyzeMessage(text, models);
    expect(a.emotion.label).toBe(emotion);
    expect(a.sentiment.label).toBe(sentiment);
  });

  it('human request and PII, JSON-serializable', () => {
    const a = analyzeMessage('转人工！我的电话是13812345678', models);
    expect(a.humanRequest).toEqual({ detected: true, phrase: '转人工' });
    expect(a.pii).toEqual([{ type: 'phone', start: 9, end: 20 }]);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('feeds the trajectory', () => {
    const seq = [
      '你好，请问我的订单发货了吗',
      '已经等了一个星期了，怎么还没发货？',
      '你们这是什么垃圾服务，我要投诉！',
    ].map((t) => analyzeMessage(t, models));
    expect(emotionTrajectory(seq).trend).toBe('rising_anger');
  });

  it('handles empty and very long input', () => {
    expect(analyzeMessage('', models).intent).toBeNull();
    expect(analyzeMessage('好'.repeat(50_000), models).language).toBe('zh');
  });
});
