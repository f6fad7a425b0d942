/**
 * When the bot has nothing relevant (the question is off topic, or no article scores at the suggest
 * threshold), it says so and offers a person instead of listing unrelated articles as "did you
 * mean": pure rules and the texts, in the customer's language. The thresholds are the retrieval
 * policy's (server/nlp/bot/policy.ts); this file only reads them.
 */
import { DEFAULT_BOT_SETTINGS, type BotDecision, type BotSettings } from '../../../nlp/index.ts';
import type { Lang } from './bot-plan.ts';

export type OfferReason = 'no_match' | 'out_of_scope';

/**
 * Whether the bot should answer "I can't answer that, shall I get a person?" instead of `decision`:
 * - the policy found nothing at the suggest threshold (its `no_match` / `out_of_scope` handovers);
 * - the intent model says the question is out of scope (`oos`) and the policy would only suggest:
 *   whatever scored there is unrelated, so no "did you mean" list.
 * A confident answer stands, as do handovers for other reasons (anger, a request, a human-only topic).
 */
export function offTopicReason(
  decision: BotDecision,
  intent: { label: string } | null | undefined,
  settings: Partial<BotSettings> = {},
): OfferReason | null {
  if (decision.action === 'handover')
    return decision.reason === 'no_match' || decision.reason === 'out_of_scope'
      ? decision.reason
      : null;
  const oosLabel = settings.oosLabel ?? DEFAULT_BOT_SETTINGS.oosLabel;
  if (decision.action === 'suggest' && intent?.label === oosLabel) return 'out_of_scope';
  return null;
}

const TEXTS = {
  offer: {
    zh: '抱歉，这个问题我暂时回答不了。需要为您转接人工客服吗？',
    en: "Sorry, I can't answer that. Shall I get a person for you?",
  },
  declined: {
    zh: '好的，您可以换个说法再问我，或者问问其他问题。',
    en: 'OK. You can ask me in other words, or ask me something else.',
  },
} as const;

/** The bot's offer of a person (the widget shows yes / no quick replies under it). */
export const offerText = (lang: Lang): string => TEXTS.offer[lang];
/** The bot's reply when the customer said no to a person: it stays with them. */
export const declinedText = (lang: Lang): string => TEXTS.declined[lang];

// Whole replies only (a new question that starts with "好的，…" is a question, not an answer).
const PUNCT = /[\s,，.。!！~～、;；:：]+/g;
const YES = new Set([
  '是',
  '是的',
  '对',
  '对的',
  '好',
  '好的',
  '好啊',
  '好吧',
  '行',
  '可以',
  '要',
  '要的',
  '需要',
  '嗯',
  '嗯嗯',
  '麻烦了',
  '转',
  '转吧',
  '转人工',
  '人工',
  'yes',
  'y',
  'yeah',
  'yep',
  'sure',
  'ok',
  'okay',
  'please',
]);
const YES_TAIL =
  /^(?:是的?|好的?|要|需要|可以|yes|sure|ok|okay)(?:请|麻烦)?(?:帮我)?(?:转人工(?:客服)?|找人工|please|getaperson(?:forme)?(?:please)?)$/;
const NO = new Set([
  '不',
  '不用',
  '不用了',
  '不要',
  '不要了',
  '不需要',
  '不需要了',
  '算了',
  '先不用',
  '暂时不用',
  '没事',
  '没事了',
  'no',
  'n',
  'nope',
  'nah',
  'notnow',
  'nothanks',
  'nothankyou',
]);
const NO_TAIL = /^(?:不用了?|不需要了?|不要了?|no|notnow)(?:谢谢(?:你|您)?|thanks|thankyou)$/;

/**
 * What the customer's message says to the offer of a person: 'yes' (hand over), 'no' (stay with the
 * bot), or null (anything else: a new question, answered as usual). The widget's quick replies
 * ("是的，转人工" / "不用了", "Yes, get a person" / "No, thanks") are among the recognised replies.
 */
export function offerReply(text: string): 'yes' | 'no' | null {
  const t = text.toLowerCase().replace(PUNCT, '');
  if (!t || t.length > 24) return null;
  if (YES.has(t) || YES_TAIL.test(t)) return 'yes';
  if (NO.has(t) || NO_TAIL.test(t)) return 'no';
  return null;
}
