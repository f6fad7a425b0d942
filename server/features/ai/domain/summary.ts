/**
 * The offline summary for the agent (no LLM), in the agent's language, in four labelled parts:
 * the problem (the customer's key sentences), what was tried (the bot's and agents' replies and
 * actions), where it stands (open and whose turn, waiting on the customer, resolved, handed over,
 * the customer's mood) and the next step (by state, intent and what the customer already gave).
 * Pure: the route reads the transcript and passes it in.
 */
import { keySentences } from './assist.ts';
import { offerReply } from './offer-human.ts';
import type { Lang } from './bot-plan.ts';
import type { KnownFacts } from './known-facts.ts';

export interface SummaryLine {
  type: 'incoming' | 'outgoing' | 'activity';
  /** Who wrote it: contact, user (an agent), bot, system. */
  sender: string;
  text: string;
  attributes: Record<string, unknown>;
}

export interface SummaryInput {
  /** The conversation's recent messages, oldest first. */
  lines: SummaryLine[];
  emotion: { label: string; intensity: number; trend: string } | null;
  mode: string;
  status: string;
  handoverReason: string | null;
  intent: string | null;
  facts: KnownFacts;
}

export interface SummaryParts {
  problem: string;
  tried: string;
  status: string;
  next: string;
}

type Tr = Record<Lang, string>;
const L = (zh: string, en: string): Tr => ({ zh, en });
const fill = (s: string, vars: Record<string, string | number>) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));

export const PART_LABELS: Record<keyof SummaryParts, Tr> = {
  problem: L('问题', 'Problem'),
  tried: L('已尝试', 'Tried'),
  status: L('状态', 'Status'),
  next: L('下一步', 'Next step'),
};

const EMOTION: Record<string, Tr> = {
  angry: L('愤怒', 'angry'),
  sad: L('失落', 'sad'),
  fear: L('担心', 'worried'),
  happy: L('满意', 'happy'),
  surprise: L('惊讶', 'surprised'),
};
const TREND: Record<string, Tr> = {
  rising_anger: L('怒气上升', 'anger rising'),
  calming: L('趋于平静', 'calming down'),
  stable: L('平稳', 'stable'),
};
const HANDOVER: Record<string, Tr> = {
  detected_request: L('客户要求人工', 'the customer asked for a person'),
  customer_request: L('客户要求人工', 'the customer asked for a person'),
  negative_emotion: L('客户情绪强烈', 'strong negative emotion'),
  bot_unable: L('机器人无法解决', 'the bot could not help'),
};
const STATUS: Record<string, Tr> = {
  pending: L('待定', 'pending'),
  snoozed: L('已暂停，稍后处理', 'snoozed'),
  resolved: L('已解决', 'resolved'),
  closed: L('已关闭', 'closed'),
  open: L('处理中', 'open'),
};

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);
const quote = (lang: Lang, s: string) => (lang === 'zh' ? `「${s}」` : `“${s}”`);
const titlesOf = (lang: Lang, list: unknown) =>
  (Array.isArray(list) ? list : [])
    .map((x) => (typeof x?.title === 'string' ? x.title : ''))
    .filter(Boolean)
    .map((t) => (lang === 'zh' ? `《${t}》` : `“${t}”`))
    .join(lang === 'zh' ? '' : ', ');

/** Lines that only ask for a person or answer the bot's offer: the status tells them, not the problem. */
const NOT_THE_PROBLEM =
  /^(?:请?(?:帮我)?转人工(?:客服)?|人工(?:客服)?|找人工|真人|(?:talk to |get me )?(?:a )?(?:human|person|agent)(?: please)?)[\s!！。.]*$/i;

function problem(lang: Lang, lines: SummaryLine[]): string | null {
  const customer = lines.filter((l) => l.type === 'incoming' && l.text.trim()).map((l) => l.text);
  if (!customer.length) return null;
  const keys = keySentences(
    customer.filter((t) => !NOT_THE_PROBLEM.test(t.trim()) && !offerReply(t)),
  );
  return (keys.length ? keys : customer.slice(-1).map((s) => clip(s, 160)))
    .map((s) => quote(lang, s))
    .join(lang === 'zh' ? '' : ' ');
}

/** What the bot and the agents did, oldest first (at most the last four things). */
function tried(lang: Lang, lines: SummaryLine[], handoverReason: string | null): string {
  const items: Array<{ at: number; text: string }> = [];
  let replies = 0;
  let lastReply = '';
  let lastReplyAt = -1;
  lines.forEach((l, at) => {
    const kind = l.attributes.kind;
    if (l.type === 'outgoing' && l.sender === 'bot') {
      if (kind === 'bot_answer') {
        const t = titlesOf(lang, l.attributes.sources);
        items.push({
          at,
          text: t
            ? fill(L('机器人回答了{t}', 'the bot answered {t}')[lang], { t })
            : L('机器人作了回答', 'the bot answered')[lang],
        });
      } else if (kind === 'bot_suggestions') {
        const t = titlesOf(lang, l.attributes.suggestions);
        items.push({ at, text: fill(L('机器人推荐了{t}', 'the bot suggested {t}')[lang], { t }) });
      } else if (kind === 'bot_offer_human')
        items.push({
          at,
          text: L('机器人无法回答，询问是否转人工', 'the bot had no answer and offered a person')[
            lang
          ],
        });
    } else if (l.type === 'outgoing' && l.sender === 'user' && l.text.trim()) {
      replies++;
      lastReply = l.text;
      lastReplyAt = at;
    } else if (l.type === 'outgoing' && kind === 'handover') {
      const why = HANDOVER[String(l.attributes.reason ?? handoverReason ?? '')]?.[lang];
      items.push({
        at,
        text: why
          ? fill(L('转人工（{why}）', 'handed to a person ({why})')[lang], { why })
          : L('转人工', 'handed to a person')[lang],
      });
    } else if (
      l.type === 'activity' &&
      l.attributes.activity === 'assigned' &&
      l.attributes.assigneeId
    )
      items.push({ at, text: L('已分配给客服', 'assigned to an agent')[lang] });
    else if (l.type === 'activity' && l.attributes.activity === 'conversation_updated') {
      const status = (l.attributes.changes as Record<string, unknown> | undefined)?.status;
      const name = typeof status === 'string' ? STATUS[status]?.[lang] : undefined;
      if (name)
        items.push({ at, text: fill(L('状态改为{s}', 'status set to {s}')[lang], { s: name }) });
    }
  });
  if (replies)
    items.push({
      at: lastReplyAt,
      text: fill(L('客服回复了 {n} 次，最近：{q}', 'an agent replied {n}, last: {q}')[lang], {
        n: lang === 'zh' ? replies : replies === 1 ? 'once' : `${replies} times`,
        q: quote(lang, clip(lastReply.replace(/\s+/g, ' '), 80)),
      }),
    });
  const list = items.sort((a, b) => a.at - b.at).slice(-4);
  return list.length
    ? list.map((i) => i.text).join(lang === 'zh' ? '；' : '; ')
    : L('暂无', 'nothing yet')[lang];
}

type Stage = 'done' | 'bot' | 'customer' | 'agent' | 'later';
function stageOf(input: SummaryInput): Stage {
  if (input.status === 'resolved' || input.status === 'closed') return 'done';
  if (input.status === 'pending' || input.status === 'snoozed') return 'later';
  if (input.mode === 'bot') return 'bot';
  const talk = input.lines.filter(
    (l) => l.type === 'incoming' || (l.type === 'outgoing' && l.sender === 'user'),
  );
  return talk[talk.length - 1]?.type === 'outgoing' ? 'customer' : 'agent';
}

function status(lang: Lang, input: SummaryInput, stage: Stage): string {
  const parts = [
    {
      done: STATUS[input.status]?.[lang] ?? input.status,
      later: STATUS[input.status]?.[lang] ?? input.status,
      bot: L('机器人接待中', 'with the bot')[lang],
      customer: L('等待客户回复', 'waiting on the customer')[lang],
      agent: L('等待客服回复', "waiting for an agent's reply")[lang],
    }[stage],
  ];
  const why = input.handoverReason ? HANDOVER[input.handoverReason]?.[lang] : undefined;
  if (input.mode === 'human' && input.handoverReason)
    parts.push(
      why
        ? fill(L('已转人工（{why}）', 'handed over ({why})')[lang], { why })
        : L('已转人工', 'handed over')[lang],
    );
  const e = input.emotion;
  if (e && EMOTION[e.label] && stage !== 'done') {
    const how = [`${Math.round(e.intensity * 100)}%`, TREND[e.trend]?.[lang]].filter(Boolean);
    parts.push(
      fill(L('客户情绪：{e}（{how}）', 'customer is {e} ({how})')[lang], {
        e: EMOTION[e.label][lang],
        how: how.join(lang === 'zh' ? '，' : ', '),
      }),
    );
  }
  return parts.join(lang === 'zh' ? '；' : '; ');
}

const NEXT: Record<string, { known: Tr; ask: Tr }> = {
  order_status: {
    known: L(
      '查询订单 {order} 的物流并告知客户',
      'Check the tracking of order {order} and tell the customer',
    ),
    ask: L('请客户提供订单号，查询物流', 'Ask for the order number and check the tracking'),
  },
  delivery: {
    known: L(
      '查询订单 {order} 的配送进度并告知客户',
      'Check the delivery of order {order} and tell the customer',
    ),
    ask: L('请客户提供订单号，查询配送进度', 'Ask for the order number and check the delivery'),
  },
  refund_return: {
    known: L('为订单 {order} 办理退换货', 'Process the return of order {order}'),
    ask: L('请客户提供订单号，办理退换货', 'Ask for the order number and process the return'),
  },
  payment: {
    known: L('核实订单 {order} 的扣款情况', 'Check the charge on order {order}'),
    ask: L('请客户提供订单号，核实扣款情况', 'Ask for the order number and check the charge'),
  },
  complaint: {
    known: L(
      '安抚客户，就订单 {order} 给出明确的处理方案',
      'Acknowledge the complaint and offer a clear solution for order {order}',
    ),
    ask: L('安抚客户，给出明确的处理方案', 'Acknowledge the complaint and offer a clear solution'),
  },
};

function next(lang: Lang, input: SummaryInput, stage: Stage): string {
  if (stage === 'done') return L('无需处理', 'Nothing to do')[lang];
  if (stage === 'bot')
    return L('机器人正在接待，需要时接手对话', 'The bot is on it; take over if needed')[lang];
  if (stage === 'customer')
    return L('等客户回复后继续跟进', 'Follow up when the customer replies')[lang];
  if (stage === 'later') return L('到期后继续跟进', 'Follow up when it comes back')[lang];
  const n = NEXT[input.intent ?? ''];
  if (n)
    return fill((input.facts.orderNumber ? n.known : n.ask)[lang], {
      order: input.facts.orderNumber ?? '',
    });
  if (input.intent === 'account')
    return L('核实客户的账号情况', "Check the customer's account")[lang];
  return L('回复客户的问题', "Answer the customer's question")[lang];
}

/** The four parts, or null when the customer has not written yet. */
export function summaryParts(lang: Lang, input: SummaryInput): SummaryParts | null {
  const p = problem(lang, input.lines);
  if (!p) return null;
  const stage = stageOf(input);
  return {
    problem: p,
    tried: tried(lang, input.lines, input.handoverReason),
    status: status(lang, input, stage),
    next: next(lang, input, stage),
  };
}

/** The parts as one text, a labelled line each (the API's `summary.text`). */
export function summaryText(lang: Lang, parts: SummaryParts): string {
  return (Object.keys(PART_LABELS) as Array<keyof SummaryParts>)
    .map((k) => `${PART_LABELS[k][lang]}${lang === 'zh' ? '：' : ': '}${parts[k]}`)
    .join('\n');
}
