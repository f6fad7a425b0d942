/**
 * Pure rules of the bot around the retrieval policy (server/nlp/bot/policy.ts): when the AI
 * escalates to a human in any mode, which handover reason a policy decision maps to, and the texts
 * the bot writes around verbatim KB content, in the customer's language.
 */
import type { BotDecision } from '../../../nlp/index.ts';
import type { HandoverReason } from '../../../core/commands/request-human.ts';

export interface EscalationThresholds {
  /** Angry with at least this intensity hands over (the policy's default). */
  angerIntensity: number;
  /** A rising-anger trend hands over once the conversation's smoothed anger reaches this. */
  risingAnger: number;
  /** Sentiment at or below this, with a non-neutral emotion, hands over. */
  negativeScore: number;
}

export const DEFAULT_ESCALATION: EscalationThresholds = {
  angerIntensity: 0.85,
  risingAnger: 0.6,
  negativeScore: -0.95,
};

export interface AffectInput {
  emotion?: { label: string; intensity: number } | null;
  sentiment?: { score: number } | null;
  humanRequest?: { detected: boolean } | null;
}

/** Why the AI wants a human now, whatever the conversation's mode (null: no reason). */
export function escalationReason(
  a: AffectInput | null,
  trend: { trend: string; anger: number } | null,
  t: EscalationThresholds = DEFAULT_ESCALATION,
): Extract<HandoverReason, 'detected_request' | 'negative_emotion'> | null {
  if (!a) return null;
  if (a.humanRequest?.detected) return 'detected_request';
  if (a.emotion?.label === 'angry' && a.emotion.intensity >= t.angerIntensity)
    return 'negative_emotion';
  if ((a.sentiment?.score ?? 0) <= t.negativeScore && a.emotion && a.emotion.label !== 'neutral')
    return 'negative_emotion';
  if (trend?.trend === 'rising_anger' && trend.anger >= t.risingAnger) return 'negative_emotion';
  return null;
}

export function handoverReasonOf(decision: BotDecision): HandoverReason {
  if (decision.reason === 'human_request') return 'detected_request';
  if (decision.reason === 'negative_emotion') return 'negative_emotion';
  return 'bot_unable';
}

export type BotOutcome = 'answered' | 'suggested' | 'handover' | 'no_answer';

/** 'no_answer' = the KB had nothing relevant (the knowledge-gap loop's signal); the customer still gets a human. */
export function outcomeOf(decision: BotDecision): BotOutcome {
  if (decision.action === 'answer') return 'answered';
  if (decision.action === 'suggest') return 'suggested';
  return decision.reason === 'no_match' || decision.reason === 'out_of_scope'
    ? 'no_answer'
    : 'handover';
}

export type Lang = 'zh' | 'en';
export const langOf = (language: string | undefined): Lang => (language === 'en' ? 'en' : 'zh');

export function suggestionsText(lang: Lang, questions: string[]): string {
  const head = lang === 'zh' ? '您是不是想问：' : 'Did you mean:';
  const tail =
    lang === 'zh' ? '请点击或回复对应的问题。' : 'Tap or reply with the question you mean.';
  return [head, ...questions.map((q, i) => `${i + 1}. ${q}`), tail].join('\n');
}

const REASON_TEXT: Record<string, Record<Lang, string>> = {
  detected_request: { zh: '客户要求人工', en: 'customer asked for a human' },
  negative_emotion: { zh: '客户情绪强烈', en: 'strong negative emotion' },
  bot_unable: { zh: '机器人无法回答', en: 'the bot could not answer' },
};

/** One earlier bot turn as the handover note tells it: what it did, with the articles' titles. */
export interface TriedTurn {
  /** bot_turns.action: answer, suggest, offer (a person), decline, handover. */
  action: string;
  outcome: string;
  titles: string[];
}

const quote = (lang: Lang, titles: string[]) =>
  lang === 'zh' ? titles.map((t) => `《${t}》`).join('') : titles.map((t) => `“${t}”`).join(', ');

/** What one earlier turn did, in words (never an outcome code or an article id). */
export function triedText(lang: Lang, t: TriedTurn): string {
  const titles = t.titles.filter(Boolean);
  if (t.outcome === 'answered' && titles.length)
    return lang === 'zh' ? `回答了${quote(lang, titles)}` : `answered ${quote(lang, titles)}`;
  if (t.outcome === 'answered') return lang === 'zh' ? '回答了问题' : 'answered';
  if (t.outcome === 'suggested')
    return lang === 'zh'
      ? `推荐了${quote(lang, titles)}`
      : `suggested ${titles.length ? quote(lang, titles) : 'articles'}`;
  if (t.action === 'offer')
    return lang === 'zh' ? '无法回答，询问是否转人工' : 'had no answer and offered a person';
  if (t.action === 'decline')
    return lang === 'zh' ? '客户暂不需要人工' : 'the customer did not want a person then';
  if (t.outcome === 'no_answer') return lang === 'zh' ? '无法回答' : 'had no answer';
  return lang === 'zh' ? '转人工' : 'handed over';
}

/** Private note for the agent who takes over: what the customer asked and what the bot tried. */
export function handoverNote(
  lang: Lang,
  input: { reason: HandoverReason; questions: string[]; tried: TriedTurn[] },
): string {
  const asked = input.questions
    .slice(-3)
    .map((q) => `“${q.length > 120 ? `${q.slice(0, 120)}…` : q}”`)
    .join(lang === 'zh' ? '；' : '; ');
  const tried = input.tried.length
    ? input.tried
        .slice(-3)
        .map((t) => triedText(lang, t))
        .join(lang === 'zh' ? '；' : '; ')
    : lang === 'zh'
      ? '无'
      : 'nothing';
  const why = REASON_TEXT[input.reason]?.[lang] ?? input.reason;
  return lang === 'zh'
    ? `【机器人转人工】原因：${why}。客户问：${asked}。机器人已尝试：${tried}。`
    : `[Bot handover] Reason: ${why}. Customer asked: ${asked}. Bot tried: ${tried}.`;
}
