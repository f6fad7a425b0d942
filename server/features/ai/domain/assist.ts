/**
 * Agent assist, offline parts (pure): an extractive summary of what the customer wants, and
 * empathetic reply openings built on the three-level structure — acknowledge the customer's view →
 * acknowledge the feeling → a concrete next action — chosen by emotion, intent and language.
 */
import type { Lang } from './bot-plan.ts';

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

const EMOTION_NAME: Record<string, Record<Lang, string>> = {
  angry: { zh: '愤怒', en: 'angry' },
  sad: { zh: '失落', en: 'sad' },
  fear: { zh: '担心', en: 'worried' },
  happy: { zh: '满意', en: 'happy' },
  surprise: { zh: '惊讶', en: 'surprised' },
  neutral: { zh: '平静', en: 'calm' },
};
const TREND_NAME: Record<string, Record<Lang, string>> = {
  rising_anger: { zh: '怒气上升', en: 'anger rising' },
  calming: { zh: '趋于平静', en: 'calming down' },
  stable: { zh: '平稳', en: 'stable' },
};
const HANDOVER_NAME: Record<string, Record<Lang, string>> = {
  detected_request: { zh: '客户要求人工', en: 'customer asked for a human' },
  customer_request: { zh: '客户要求人工', en: 'customer asked for a human' },
  negative_emotion: { zh: '客户情绪强烈', en: 'strong negative emotion' },
  bot_unable: { zh: '机器人无法解决', en: 'the bot could not help' },
};

export interface SummaryInput {
  customerMessages: string[];
  emotion: { label: string; intensity: number; trend: string } | null;
  mode: string;
  status: string;
  handoverReason: string | null;
  botAnswers: number;
}

/** Offline summary: the customer's key sentences + emotion + where the conversation stands. */
export function extractiveSummary(lang: Lang, input: SummaryInput): string | null {
  const keys = keySentences(input.customerMessages);
  if (!keys.length && !input.customerMessages.length) return null;
  const quoted = (keys.length ? keys : input.customerMessages.slice(-1)).map((s) =>
    lang === 'zh' ? `「${s}」` : `“${s}”`,
  );
  const parts: string[] = [
    lang === 'zh' ? `客户诉求：${quoted.join('')}` : `Customer wants: ${quoted.join(' ')}`,
  ];
  const e = input.emotion;
  if (e && e.label !== 'neutral') {
    const name = EMOTION_NAME[e.label]?.[lang] ?? e.label;
    const trend = TREND_NAME[e.trend]?.[lang] ?? e.trend;
    parts.push(
      lang === 'zh'
        ? `情绪：${name}（${Math.round(e.intensity * 100)}%，${trend}）`
        : `Emotion: ${name} (${Math.round(e.intensity * 100)}%, ${trend})`,
    );
  }
  const why = input.handoverReason
    ? (HANDOVER_NAME[input.handoverReason]?.[lang] ?? input.handoverReason)
    : null;
  if (input.mode === 'human' && why)
    parts.push(lang === 'zh' ? `状态：已转人工（${why}）` : `Status: handed to a human (${why})`);
  else if (input.mode === 'bot')
    parts.push(
      lang === 'zh'
        ? `状态：机器人接待中，已回答 ${input.botAnswers} 次`
        : `Status: with the bot, ${input.botAnswers} answer(s) so far`,
    );
  else
    parts.push(
      lang === 'zh'
        ? `状态：${input.status === 'open' ? '待人工处理' : input.status}`
        : `Status: ${input.status === 'open' ? 'waiting for an agent' : input.status}`,
    );
  return parts.join(lang === 'zh' ? '。' : '. ') + (lang === 'zh' ? '。' : '.');
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
/** Level 3: a concrete next action, per intent. */
const ACTIONS: Record<string, Tpl> = {
  order_status: {
    zh: '请提供一下订单号，我马上为您查询最新物流。',
    en: 'Could you share your order number? I will check the latest tracking right away.',
  },
  delivery: {
    zh: '请提供一下订单号，我马上为您查询配送进度。',
    en: 'Could you share your order number? I will check the delivery status right away.',
  },
  refund_return: {
    zh: '请提供订单号和问题商品的照片，我立即为您加急处理退换货。',
    en: 'Please share the order number and a photo of the item, and I will fast-track the return for you.',
  },
  payment: {
    zh: '请告诉我订单号和付款时间，我马上帮您核实扣款情况。',
    en: 'Please tell me the order number and when you paid, and I will check the charge right away.',
  },
  account: {
    zh: '请提供注册手机号的后四位，我帮您核实账号情况。',
    en: 'Please give me the last four digits of your registered phone number and I will check your account.',
  },
  complaint: {
    zh: '我已记录您的问题并优先跟进，请告诉我订单号，我会在今天内给您明确的处理方案。',
    en: 'I have logged this as a priority. Please share your order number and I will come back with a clear solution today.',
  },
  default: {
    zh: '请您详细说明一下情况，我会尽快为您处理。',
    en: 'Could you tell me a little more? I will take care of it as quickly as possible.',
  },
};

/** Empathetic reply suggestions for the agent (customer's language). */
export function empathySuggestions(
  emotion: string | null,
  intent: string | null,
  lang: Lang,
): string[] {
  const openings = OPENINGS[emotion ?? 'neutral'] ?? OPENINGS.neutral;
  const action = ACTIONS[intent ?? ''] ?? ACTIONS.default;
  const sep = lang === 'zh' ? '' : ' ';
  return openings.map((o) => `${o[lang]}${sep}${action[lang]}`);
}
