/**
 * One bot turn for one customer message: escalate (any mode) on a detected human request or strong
 * anger; in bot mode retrieve → decide → answer with KB text verbatim (or an LLM answer grounded in
 * and citing the retrieved passages), offer "did you mean", or hand over. Idempotent per customer
 * message: the turn row (unique on the question) and the bot message (client id) are written once.
 */
import { execute, type CommandContext, type CommandDeps } from '../../../core/commands/context.ts';
import { requestHuman, type HandoverReason } from '../../../core/commands/request-human.ts';
import { sendMessage } from '../../../core/commands/send-message.ts';
import { newId } from '../../../core/lib/ids.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import {
  decide,
  redact,
  type BotDecision,
  type BotSettings,
  type BotTurn,
  type Candidate,
} from '../../../nlp/index.ts';
import { groundedAnswer } from '../llm/tasks.ts';
import { embedderOf, llmFor, type LlmDeps, type LlmHandle } from '../llm/service.ts';
import {
  DEFAULT_ESCALATION,
  escalationReason,
  handoverNote,
  handoverReasonOf,
  langOf,
  outcomeOf,
  suggestionsText,
  type EscalationThresholds,
  type Lang,
} from '../domain/bot-plan.ts';
import { searchKnowledge } from '../workers/retrieval.ts';
import { aiMetrics } from '../metrics.ts';
import {
  askedSoFar,
  conversationBotState,
  replyAttributes,
  triedSoFar,
  turnExists,
  earlierTurns,
} from '../store/bot-turns.ts';

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

interface Plan {
  decision: BotDecision;
  candidates: Candidate[];
  lang: Lang;
  /** An LLM answer that cites retrieved passages (replaces the verbatim text when present). */
  llm?: { text: string; articleIds: string[] };
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
  const lang = langOf(input.language);
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
  let candidates: Candidate[] = [];
  const history = await earlierTurns(deps.database.db, input.accountId, input.conversationId);
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

const r3 = (x: number) => Math.round(x * 1000) / 1000;

async function botTurn(
  ctx: CommandContext,
  { input, plan }: { input: BotTurnInput; plan: Plan },
): Promise<void> {
  if (await turnExists(ctx.tx, input.messageId)) return;
  const conv = await ctx.tx
    .selectFrom('conversations')
    .select('mode')
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', input.conversationId)
    .executeTakeFirst();
  if (!conv || conv.mode !== 'bot') return; // an agent took over meanwhile
  const { decision, candidates, lang } = plan;
  const top = candidates[0];
  const clientMessageId = `bot-${input.messageId}`;
  let replyMessageId: string | null = null;
  let articleIds: string[] = [];
  let confidence = top ? r3(top.score) : 0;
  if (plan.llm || decision.action === 'answer') {
    articleIds = plan.llm?.articleIds ?? [decision.articleId!];
    confidence = r3(candidates.find((c) => c.id === articleIds[0])?.score ?? confidence);
    const content = plan.llm?.text ?? decision.answer!;
    const r = await sendMessage(ctx, {
      conversationId: input.conversationId,
      content,
      asBot: true,
      clientMessageId,
      attributes: { kind: 'bot_answer', articleIds, confidence },
    });
    replyMessageId = r.message.id;
  } else if (decision.action === 'suggest') {
    const suggestions = (decision.suggestions ?? []).map((s) => ({
      articleId: s.articleId,
      title: s.question,
    }));
    articleIds = suggestions.map((s) => s.articleId);
    const r = await sendMessage(ctx, {
      conversationId: input.conversationId,
      content: suggestionsText(
        lang,
        suggestions.map((s) => s.title),
      ),
      asBot: true,
      clientMessageId,
      attributes: { kind: 'bot_suggestions', suggestions },
    });
    replyMessageId = r.message.id;
  } else {
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
  }
  const outcome = plan.llm ? 'answered' : outcomeOf(decision);
  await ctx.tx
    .insertInto('bot_turns')
    .values({
      id: newId(ctx.now),
      account_id: ctx.accountId,
      conversation_id: input.conversationId,
      question_message_id: input.messageId,
      reply_message_id: replyMessageId,
      action: plan.llm ? 'answer' : decision.action,
      reason: decision.reason,
      outcome,
      article_ids: JSON.stringify(articleIds),
      confidence,
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
  aiMetrics.botDecisions.inc({ outcome, reason: decision.reason });
  await ctx.events.record(
    'bot.replied',
    {
      conversationId: input.conversationId,
      questionMessageId: input.messageId,
      question: redact(input.question).text,
      replyMessageId,
      outcome,
      articleIds,
      confidence,
    },
    input.conversationId,
  );
}
