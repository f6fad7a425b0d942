/**
 * The write half of a bot turn (one transaction, `execute`): the bot's reply — a KB answer with its
 * sources, "did you mean", the offer of a person when nothing is relevant, the reply to a declined
 * offer, or a handover with the note for the agent — and the turn row and `bot.replied`. Written
 * once per question (the turn row is unique on it; the reply carries the client id `bot-<id>`).
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { requestHuman } from '../../../core/commands/request-human.ts';
import { sendMessage } from '../../../core/commands/send-message.ts';
import type { BotSource } from '../../../core/kit/contracts.ts';
import { newId } from '../../../core/lib/ids.ts';
import { redact, type BotDecision } from '../../../nlp/index.ts';
import {
  handoverNote,
  handoverReasonOf,
  outcomeOf,
  suggestionsText,
  type Lang,
} from '../domain/bot-plan.ts';
import { declinedText, offerText, type OfferReason } from '../domain/offer-human.ts';
import { aiMetrics } from '../metrics.ts';
import { askedSoFar, triedSoFar, turnExists } from '../store/bot-turns.ts';
import type { KbCandidate } from '../workers/retrieval.ts';

export interface Plan {
  decision: BotDecision;
  candidates: KbCandidate[];
  lang: Lang;
  /** An LLM answer that cites retrieved passages (replaces the verbatim text when present). */
  llm?: { text: string; articleIds: string[] };
  /** Nothing relevant: say so and offer a person (quick replies) instead of `decision`. */
  offer?: OfferReason;
  /** The customer said no to the offered person: the bot stays with them. */
  declined?: boolean;
}

export interface ReplyInput {
  conversationId: string;
  /** The customer message the bot reacts to, and its text. */
  messageId: string;
  question: string;
}

/** The articles an answer is built on, with titles and (when the help center shows them) links. */
export function sourcesOf(articleIds: string[], candidates: KbCandidate[]): BotSource[] {
  return articleIds.flatMap((id) => {
    const c = candidates.find((x) => x.id === id);
    return c ? [{ articleId: id, title: c.question, ...(c.url ? { url: c.url } : {}) }] : [];
  });
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

interface Turn {
  action: string;
  reason: string;
  outcome: string;
  replyMessageId: string | null;
  articleIds: string[];
  confidence: number;
}

export async function botTurn(
  ctx: CommandContext,
  { input, plan }: { input: ReplyInput; plan: Plan },
): Promise<void> {
  if (await turnExists(ctx.tx, input.messageId)) return;
  const conv = await ctx.tx
    .selectFrom('conversations')
    .select('mode')
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.conversationId)
    .executeTakeFirst();
  if (!conv || conv.mode !== 'bot') return; // an agent took over meanwhile
  const turn = await reply(ctx, input, plan);
  const { candidates } = plan;
  await ctx.tx
    .insertInto('bot_turns')
    .values({
      id: newId(ctx.now),
      account_id: ctx.accountId,
      conversation_id: input.conversationId,
      question_message_id: input.messageId,
      reply_message_id: turn.replyMessageId,
      action: turn.action,
      reason: turn.reason,
      outcome: turn.outcome,
      article_ids: JSON.stringify(turn.articleIds),
      confidence: turn.confidence,
      source: plan.llm ? 'llm' : 'kb',
      candidates: JSON.stringify(
        candidates.slice(0, 5).map((c) => ({
          id: c.id,
          score: r3(c.score),
          bm25: r3(c.bm25),
          similarity: r3(c.similarity),
          matched: c.matched,
        })),
      ),
      resolved: null,
      created_at: ctx.now,
    })
    .execute();
  aiMetrics.botDecisions.inc({ outcome: turn.outcome, reason: turn.reason });
  // A "no" to the offered person is no question: the knowledge-gap loop does not hear of it.
  if (turn.action === 'decline') return;
  await ctx.events.record(
    'bot.replied',
    {
      conversationId: input.conversationId,
      questionMessageId: input.messageId,
      question: redact(input.question).text,
      replyMessageId: turn.replyMessageId,
      outcome: turn.outcome as ReturnType<typeof outcomeOf>,
      articleIds: turn.articleIds,
      confidence: turn.confidence,
    },
    input.conversationId,
  );
}

async function reply(ctx: CommandContext, input: ReplyInput, plan: Plan): Promise<Turn> {
  const { decision, candidates, lang } = plan;
  const top = candidates[0];
  const clientMessageId = `bot-${input.messageId}`;
  const say = async (content: string, attributes: Record<string, unknown>) =>
    (
      await sendMessage(ctx, {
        conversationId: input.conversationId,
        content,
        asBot: true,
        clientMessageId,
        attributes,
      })
    ).message.id;
  const base = { articleIds: [], confidence: top ? r3(top.score) : 0 };
  if (plan.declined) {
    const id = await say(declinedText(lang), { kind: 'bot_text' });
    return {
      ...base,
      action: 'decline',
      reason: 'declined_human',
      outcome: 'declined',
      replyMessageId: id,
    };
  }
  if (plan.offer) {
    const id = await say(offerText(lang), { kind: 'bot_offer_human', reason: plan.offer });
    return {
      ...base,
      action: 'offer',
      reason: plan.offer,
      outcome: 'no_answer',
      replyMessageId: id,
    };
  }
  if (plan.llm || decision.action === 'answer') {
    const articleIds = plan.llm?.articleIds ?? [decision.articleId!];
    const confidence = r3(candidates.find((c) => c.id === articleIds[0])?.score ?? base.confidence);
    const id = await say(plan.llm?.text ?? decision.answer!, {
      kind: 'bot_answer',
      articleIds,
      confidence,
      sources: sourcesOf(articleIds, candidates),
    });
    return {
      action: 'answer',
      reason: decision.reason,
      outcome: 'answered',
      replyMessageId: id,
      articleIds,
      confidence,
    };
  }
  if (decision.action === 'suggest') {
    const suggestions = (decision.suggestions ?? []).map((s) => ({
      articleId: s.articleId,
      title: s.question,
    }));
    const id = await say(
      suggestionsText(
        lang,
        suggestions.map((s) => s.title),
      ),
      { kind: 'bot_suggestions', suggestions },
    );
    return {
      ...base,
      action: 'suggest',
      reason: decision.reason,
      outcome: outcomeOf(decision),
      replyMessageId: id,
      articleIds: suggestions.map((s) => s.articleId),
    };
  }
  const reason = handoverReasonOf(decision);
  await requestHuman(ctx, { conversationId: input.conversationId, reason, locale: lang });
  aiMetrics.escalations.inc({ reason });
  const tried = await triedSoFar(ctx.tx, ctx.accountId, input.conversationId);
  const questions = [
    ...(await askedSoFar(ctx.tx, ctx.accountId, input.conversationId)),
    input.question,
  ];
  await sendMessage(ctx, {
    conversationId: input.conversationId,
    content: handoverNote(lang, { reason, questions, tried }),
    private: true,
    asBot: true,
    clientMessageId: `${clientMessageId}-note`,
    attributes: { kind: 'handover_note', reason },
  });
  return {
    ...base,
    action: 'handover',
    reason: decision.reason,
    outcome: outcomeOf(decision),
    replyMessageId: null,
  };
}
