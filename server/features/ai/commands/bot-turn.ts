/**
 * One bot turn for one customer message: escalate (any mode) on a detected human request or strong
 * anger; in bot mode retrieve → decide → answer with KB text verbatim (or an LLM answer grounded in
 * and citing the retrieved passages), offer "did you mean", offer a person when nothing is relevant
 * (domain/offer-human.ts; the customer's yes hands over, a no keeps the bot), or hand over. The
 * reply is written by bot-reply.ts. Idempotent per customer message: the turn row (unique on the
 * question) and the bot message (client id) are written once.
 */
import { execute, type CommandDeps } from '../../../core/commands/context.ts';
import { requestHuman, type HandoverReason } from '../../../core/commands/request-human.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import { customerLanguage, textLanguage } from '../../../core/queries/customer-language.ts';
import { decide, type BotSettings, type BotTurn } from '../../../nlp/index.ts';
import { groundedAnswer } from '../llm/tasks.ts';
import { embedderOf, llmFor, type LlmDeps, type LlmHandle } from '../llm/service.ts';
import {
  DEFAULT_ESCALATION,
  escalationReason,
  langOf,
  type EscalationThresholds,
  type Lang,
} from '../domain/bot-plan.ts';
import { offerReply, offTopicReason } from '../domain/offer-human.ts';
import { searchKnowledge, type KbCandidate } from '../workers/retrieval.ts';
import { aiMetrics } from '../metrics.ts';
import {
  conversationBotState,
  replyAttributes,
  turnExists,
  earlierTurns,
} from '../store/bot-turns.ts';
import { botTurn, type Plan } from './bot-reply.ts';

export interface BotTurnInput {
  accountId: string;
  conversationId: string;
  messageId: string;
  question: string;
  language: string;
  analysis: {
    emotion?: { label: string; intensity: number } | null;
    sentiment?: { label: string; score: number } | null;
    intent?: { label: string; confidence: number } | null;
    humanRequest?: { detected: boolean } | null;
  } | null;
  trajectory: { trend: string; anger: number } | null;
}

export interface BotDeps extends CommandDeps {
  secret?: string;
  /** The SSRF guard's switch for the LLM provider (absent = guarded). */
  config?: LlmDeps['config'];
}

interface InboxBotSettings {
  mode?: string;
  demoKnowledge?: boolean;
  policy?: Partial<BotSettings>;
  escalation?: Partial<EscalationThresholds>;
}

const botActor = (accountId: string) => systemActor(accountId, 'bot');

export async function runBotTurn(deps: BotDeps, input: BotTurnInput): Promise<void> {
  const db = deps.database.db;
  const conv = await conversationBotState.first(db, {
    accountId: input.accountId,
    id: input.conversationId,
  });
  if (!conv) return;
  const bot = parseJson<{ bot?: InboxBotSettings }>(conv.settings, {}).bot ?? {};
  const escalation = escalationReason(input.analysis, input.trajectory, {
    ...DEFAULT_ESCALATION,
    ...bot.escalation,
  });
  // A message with no language of its own ("?", an emoji, a number) gets the conversation's.
  const lang =
    input.language === 'zh' || input.language === 'en'
      ? langOf(input.language)
      : textLanguage(await customerLanguage(db, input.accountId, input.conversationId));
  if (conv.mode !== 'bot') {
    // Human mode: nothing to answer; still raise the flag (requestHuman is a no-op when already human).
    if (escalation) await escalate(deps, input, escalation, lang);
    return;
  }
  if (await turnExists(db, input.messageId)) return;
  // The bot was switched off (or to suggest-only) while this conversation was with it: a human takes over.
  const off = bot.mode === 'off' || bot.mode === 'suggest';
  const plan = off
    ? {
        decision: { action: 'handover' as const, reason: 'no_match' as const },
        candidates: [],
        lang,
      }
    : await planTurn(deps, input, conv.inbox_id, bot, escalation, lang);
  await execute(deps, botActor(input.accountId), botTurn, { input, plan });
}

async function escalate(deps: BotDeps, input: BotTurnInput, reason: HandoverReason, lang: Lang) {
  const r = await execute(deps, botActor(input.accountId), requestHuman, {
    conversationId: input.conversationId,
    reason,
    locale: lang,
  });
  if (r.changed) aiMetrics.escalations.inc({ reason });
}

async function planTurn(
  deps: BotDeps,
  input: BotTurnInput,
  inboxId: string,
  bot: InboxBotSettings,
  escalation: HandoverReason | null,
  lang: Lang,
): Promise<Plan> {
  if (escalation) {
    return {
      decision: {
        action: 'handover',
        reason: escalation === 'detected_request' ? 'human_request' : 'negative_emotion',
      },
      candidates: [],
      lang,
    };
  }
  let candidates: KbCandidate[] = [];
  let searched = false;
  const history = await earlierTurns(deps.database.db, input.accountId, input.conversationId);
  // The bot offered a person: "yes" hands over, "no" keeps the bot; anything else is a new question.
  if (history[history.length - 1]?.action === 'offer') {
    const said = offerReply(input.question);
    if (said === 'yes')
      return { decision: { action: 'handover', reason: 'human_request' }, candidates, lang };
    if (said === 'no')
      return {
        decision: { action: 'handover', reason: 'no_match' },
        candidates,
        lang,
        declined: true,
      };
  }
  const picked = await pickedSuggestion(deps, input, history[history.length - 1]);
  const llm: LlmHandle | null = deps.secret
    ? await llmFor({ ...deps, secret: deps.secret }, input.accountId).catch(() => null)
    : null;
  try {
    const kbOpts = { demoFallback: !!bot.demoKnowledge, embedder: embedderOf(llm) ?? undefined };
    if (picked) {
      // "2" after "did you mean": answer that article (found by its id among the search results for it).
      const chosen = (
        await searchKnowledge(input.accountId, inboxId, picked.title, input.language, kbOpts)
      ).find((c) => c.id === picked.articleId);
      if (chosen)
        return {
          decision: {
            action: 'answer',
            reason: 'confident_match',
            articleId: chosen.id,
            answer: chosen.answer,
          },
          candidates: [{ ...chosen, score: 1 }],
          lang,
        };
    }
    candidates = await searchKnowledge(
      input.accountId,
      inboxId,
      input.question,
      input.language,
      kbOpts,
    );
    searched = true;
  } catch (err) {
    deps.log?.warn(
      { err, conversationId: input.conversationId },
      'knowledge base unavailable; handing over',
    );
  }
  const turnHistory: BotTurn[] = history.map((t) => ({
    action: t.action as BotTurn['action'],
    ...(t.resolved === 0 ? { resolved: false } : {}),
  }));
  const a = input.analysis;
  const analysis = a
    ? {
        emotion: a.emotion ?? undefined,
        sentiment: a.sentiment ?? undefined,
        intent: a.intent ?? null,
        humanRequest: a.humanRequest ?? undefined,
      }
    : null;
  const decision = decide({ candidates, analysis, turnHistory, settings: bot.policy });
  const plan: Plan = { decision, candidates, lang };
  // Nothing relevant (and the knowledge base did answer): "I can't answer that, shall I get a person?"
  const offTopic = searched ? offTopicReason(decision, a?.intent, bot.policy) : null;
  if (offTopic) return { ...plan, offer: offTopic };
  if (decision.action !== 'handover') {
    if (llm) {
      const relevant = candidates
        .filter((c) => c.score >= (bot.policy?.suggestThreshold ?? 0.15))
        .slice(0, 3);
      const g = await groundedAnswer(
        llm,
        input.question,
        relevant.map((c) => ({ id: c.id, title: c.question, answer: c.answer })),
        lang,
      );
      // Refusals and provider failures fall back to the retrieval decision.
      if (g?.kind === 'answer') plan.llm = { text: g.text, articleIds: g.articleIds };
    }
  }
  return plan;
}

const CHOICE = /^\s*(?:第\s*)?([1-9１-９])\s*(?:个|条|项)?\s*[.。!！]?\s*$/;
const FULL_WIDTH = '１２３４５６７８９';

/** The customer answered a "did you mean" turn with its number ("2", "第2个"). */
async function pickedSuggestion(
  deps: BotDeps,
  input: BotTurnInput,
  last: { action: string; reply_message_id: string | null } | undefined,
) {
  const m = CHOICE.exec(input.question);
  if (!m || last?.action !== 'suggest' || !last.reply_message_id) return null;
  const n = FULL_WIDTH.includes(m[1]) ? FULL_WIDTH.indexOf(m[1]) + 1 : Number(m[1]);
  const msg = await replyAttributes(deps.database.db, input.accountId, last.reply_message_id);
  const suggestions =
    parseJson<{ suggestions?: Array<{ articleId: string; title: string }> }>(
      msg?.content_attributes,
      {},
    ).suggestions ?? [];
  return suggestions[n - 1] ?? null;
}
