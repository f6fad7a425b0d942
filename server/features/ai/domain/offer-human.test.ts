import { describe, expect, it } from 'vitest';
import type { BotDecision } from '../../../nlp/index.ts';
import { declinedText, offerReply, offerText, offTopicReason } from './offer-human.ts';

const suggest: BotDecision = {
  action: 'suggest',
  reason: 'ambiguous_match',
  suggestions: [{ articleId: 'a', question: 'Where is my order?' }],
};

describe('offTopicReason: nothing relevant → offer a person, not "did you mean"', () => {
  it.each([
    // "招聘兼职": every article below the suggest threshold → the policy's no_match / out_of_scope
    [
      'no article at the suggest threshold',
      { action: 'handover', reason: 'no_match' },
      null,
      'no_match',
    ],
    [
      'out of scope and nothing close',
      { action: 'handover', reason: 'out_of_scope' },
      { label: 'oos' },
      'out_of_scope',
    ],
    // "今天天气怎么样": the intent model says oos, an unrelated article scored 0.115 → no list of it
    ['out of scope with unrelated suggestions', suggest, { label: 'oos' }, 'out_of_scope'],
    ['in scope and unsure: "did you mean" stays', suggest, { label: 'delivery' }, null],
    ['no intent and unsure: "did you mean" stays', suggest, null, null],
    [
      'a confident answer stands, whatever the intent',
      { action: 'answer', reason: 'confident_match', articleId: 'a', answer: 'A' },
      { label: 'oos' },
      null,
    ],
    [
      'a request for a person is a handover',
      { action: 'handover', reason: 'human_request' },
      null,
      null,
    ],
    [
      'anger is a handover',
      { action: 'handover', reason: 'negative_emotion' },
      { label: 'oos' },
      null,
    ],
    [
      'a human-only topic is a handover',
      { action: 'handover', reason: 'human_only_topic' },
      null,
      null,
    ],
    [
      'repeated failure is a handover',
      { action: 'handover', reason: 'repeated_failure' },
      null,
      null,
    ],
  ] as const)('%s', (_name, decision, intent, expected) => {
    expect(offTopicReason(decision as BotDecision, intent)).toBe(expected);
  });

  it("reads the inbox's own out-of-scope label", () => {
    expect(offTopicReason(suggest, { label: 'other' }, { oosLabel: 'other' })).toBe('out_of_scope');
    expect(offTopicReason(suggest, { label: 'oos' }, { oosLabel: 'other' })).toBeNull();
  });
});

describe('the offer and the replies to it', () => {
  it('says it in the customer language', () => {
    expect(offerText('zh')).toBe('抱歉，这个问题我暂时回答不了。需要为您转接人工客服吗？');
    expect(offerText('en')).toBe("Sorry, I can't answer that. Shall I get a person for you?");
    expect(declinedText('zh')).toMatch(/^好的/);
    expect(declinedText('en')).toMatch(/^OK\./);
  });

  it.each([
    // the widget's quick replies (web/widget/app/strings.ts offerYes / offerNo)
    ['是的，转人工', 'yes'],
    ['Yes, get a person', 'yes'],
    ['不用了', 'no'],
    ['No, thanks', 'no'],
    // typed
    ['是的', 'yes'],
    ['好的！', 'yes'],
    ['要', 'yes'],
    ['是的，请帮我转人工客服', 'yes'],
    ['yes please', 'yes'],
    ['OK', 'yes'],
    ['sure.', 'yes'],
    ['不用了，谢谢', 'no'],
    ['不需要', 'no'],
    ['算了', 'no'],
    ['no', 'no'],
    ['No thank you', 'no'],
    ['not now', 'no'],
    // new questions are answered as questions
    ['好的，那我的快递到哪了？', null],
    ['yes, where is my order?', null],
    ['不用了，我想问退款', null],
    ['招聘兼职', null],
    ['', null],
  ] as const)('%s → %s', (text, expected) => {
    expect(offerReply(text)).toBe(expected);
  });
});
