/**
 * Agent assist, offline parts (pure): the customer's key sentences (the summary's problem,
 * summary.ts), and empathetic reply openings built on the three-level structure — acknowledge the
 * customer's view → acknowledge the feeling → a concrete next action — chosen by emotion, intent and
 * language; the action uses what the customer already gave (known-facts.ts) instead of asking again.
 */
import type { Lang } from './bot-plan.ts';
import { asksForKnown, type KnownFacts, lastFour } from './known-facts.ts';

const SENTENCE_SPLIT = /(?<=[。！？!?；;\n])|(?<=\.)\s+/;
const QUESTION =
  /[?？]|吗|怎么|什么|哪|多久|几天|为什么|为啥|能不能|可以|是否|\b(?:how|what|where|when|why|can|could|would|is|are|do|does)\b/i;
const CONCERN =
  /投诉|退款|退货|没到|没收到|坏了|错了|慢|垃圾|差|骗|赔|经理|人工|refund|return|broken|damaged|wrong|late|never|complain|manager|human|cancel/i;
const SMALL_TALK =
  /^(?:你好|您好|在吗|hi|hello|hey|thanks?|thank you|谢谢|好的|ok|okay|嗯)[\s!！。.,，~]*$/i;

export function splitSentences(text: string): string[] {
  return text
    .split(SENTENCE_SPLIT)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function scoreSentence(s: string): number {
  if (SMALL_TALK.test(s)) return -5;
  let score = 0;
  if (QUESTION.test(s)) score += 2;
  if (CONCERN.test(s)) score += 2;
  if (/\d{4,}/.test(s)) score += 1; // order numbers, dates
  if (s.length >= 6 && s.length <= 120) score += 1;
  return score;
}

/** The customer's key sentences (at most `n`), in conversation order. */
export function keySentences(messages: string[], n = 3): string[] {
  const all = messages.flatMap((m, mi) =>
    splitSentences(m).map((s, si) => ({ s, order: mi * 1000 + si, score: scoreSentence(s) })),
  );
  const seen = new Set<string>();
  const picked = all
    .filter((x) => {
      if (x.score <= 0 || seen.has(x.s)) return false;
      seen.add(x.s);
      return true;
    })
    .sort((a, b) => b.score - a.score || b.order - a.order)
    .slice(0, n);
  return picked
    .sort((a, b) => a.order - b.order)
    .map((x) => (x.s.length > 160 ? `${x.s.slice(0, 160)}…` : x.s));
}

type Tpl = Record<Lang, string>;
/** Level 1 + 2: acknowledge the customer's view and feeling, per emotion. */
const OPENINGS: Record<string, Tpl[]> = {
  angry: [
    {
      zh: '非常抱歉给您带来不好的体验，您的不满我完全理解，换作是我也会很着急。',
      en: 'I am really sorry for the bad experience. I completely understand your frustration; I would feel the same.',
    },
    {
      zh: '您反映的问题确实是我们没有做好，让您生气了，真的很抱歉。',
      en: 'You are right that we did not get this right, and I am sorry it has upset you.',
    },
  ],
  sad: [
    {
      zh: '听到这个情况我很难过，能理解您现在的失望。',
      en: 'I am sorry to hear that, and I understand how disappointing this is.',
    },
  ],
  fear: [
    {
      zh: '请您放心，我理解您的担心，我们一定会帮您处理好。',
      en: 'Please do not worry. I understand your concern, and we will sort this out for you.',
    },
  ],
  surprise: [
    {
      zh: '这个情况确实出乎意料，感谢您及时告诉我们。',
      en: 'That is certainly unexpected, thank you for letting us know right away.',
    },
  ],
  happy: [
    {
      zh: '很高兴能帮到您，感谢您的支持！',
      en: 'I am glad I could help, thank you for your support!',
    },
  ],
  neutral: [
    {
      zh: '您好，感谢您的耐心，我来帮您处理。',
      en: 'Hi, thank you for your patience. Let me help you with this.',
    },
  ],
};
/** Level 3: a concrete next action, per intent; `known`: the same once the customer gave the fact. */
const ACTIONS: Record<string, Tpl & { known?: Tpl & { fact: 'orderNumber' | 'phone' } }> = {
  order_status: {
    zh: '请提供一下订单号，我马上为您查询最新物流。',
    en: 'Could you share your order number? I will check the latest tracking right away.',
    known: {
      fact: 'orderNumber',
      zh: '我马上为您查询订单 {order} 的最新物流。',
      en: 'I will check the latest tracking of order {order} right away.',
    },
  },
  delivery: {
    zh: '请提供一下订单号，我马上为您查询配送进度。',
    en: 'Could you share your order number? I will check the delivery status right away.',
    known: {
      fact: 'orderNumber',
      zh: '我马上为您查询订单 {order} 的配送进度。',
      en: 'I will check the delivery status of order {order} right away.',
    },
  },
  refund_return: {
    zh: '请提供订单号和问题商品的照片，我立即为您加急处理退换货。',
    en: 'Please share the order number and a photo of the item, and I will fast-track the return for you.',
    known: {
      fact: 'orderNumber',
      zh: '请提供问题商品的照片，我立即为您加急处理订单 {order} 的退换货。',
      en: 'Please share a photo of the item, and I will fast-track the return of order {order} for you.',
    },
  },
  payment: {
    zh: '请告诉我订单号和付款时间，我马上帮您核实扣款情况。',
    en: 'Please tell me the order number and when you paid, and I will check the charge right away.',
    known: {
      fact: 'orderNumber',
      zh: '请告诉我付款时间，我马上帮您核实订单 {order} 的扣款情况。',
      en: 'Please tell me when you paid, and I will check the charge on order {order} right away.',
    },
  },
  account: {
    zh: '请提供注册手机号的后四位，我帮您核实账号情况。',
    en: 'Please give me the last four digits of your registered phone number and I will check your account.',
    known: {
      fact: 'phone',
      zh: '我马上帮您核实手机尾号 {phone} 的账号情况。',
      en: 'I will check the account of the phone number ending in {phone} right away.',
    },
  },
  complaint: {
    zh: '我已记录您的问题并优先跟进，请告诉我订单号，我会在今天内给您明确的处理方案。',
    en: 'I have logged this as a priority. Please share your order number and I will come back with a clear solution today.',
    known: {
      fact: 'orderNumber',
      zh: '我已记录您的问题并优先跟进，会在今天内就订单 {order} 给您明确的处理方案。',
      en: 'I have logged this as a priority and will come back with a clear solution for order {order} today.',
    },
  },
  default: {
    zh: '请您详细说明一下情况，我会尽快为您处理。',
    en: 'Could you tell me a little more? I will take care of it as quickly as possible.',
  },
};

/** The next action in `lang`, filled with what the customer gave instead of asking for it. */
function actionText(intent: string | null, lang: Lang, facts: KnownFacts): string {
  const a = ACTIONS[intent ?? ''] ?? ACTIONS.default;
  const value = a.known && facts[a.known.fact];
  if (!a.known || !value) return a[lang];
  return a.known[lang]
    .replace('{order}', facts.orderNumber ?? '')
    .replace('{phone}', facts.phone ? lastFour(facts.phone) : '');
}

/** Empathetic reply suggestions for the agent (customer's language). */
export function empathySuggestions(
  emotion: string | null,
  intent: string | null,
  lang: Lang,
  facts: KnownFacts = {},
): string[] {
  const openings = OPENINGS[emotion ?? 'neutral'] ?? OPENINGS.neutral;
  const action = actionText(intent, lang, facts);
  const sep = lang === 'zh' ? '' : ' ';
  return openings.map((o) => `${o[lang]}${sep}${action}`);
}

/** Suggestions that do not ask the customer for something they already gave (the rest are left out). */
export function withoutKnownAsks<S extends { text: string }>(list: S[], facts: KnownFacts): S[] {
  return list.filter((s) => !asksForKnown(s.text, facts));
}
