/** AI runtime routes: agent assist for a conversation, and visitor feedback on bot answers. */
import { z } from 'zod';
import { execute, type Command } from '../../../core/commands/context.ts';
import { loadConversation } from '../../../core/commands/lib/conversations.ts';
import { AppError, conflict, notFound, unauthorized } from '../../../core/errors.ts';
import type { AssistResponse } from '../../../core/kit/contracts.ts';
import { IdParams, pathId } from '../../../core/http/schemas.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { authorize } from '../../../core/policies/can.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import type { Services } from '../../../core/services.ts';
import { detectLanguage } from '../../../nlp/index.ts';
import { abstractiveSummary, replySuggestions } from '../llm/tasks.ts';
import { embedderOf, llmFor } from '../llm/service.ts';
import type { TranscriptLine } from '../llm/prompts.ts';
import { empathySuggestions, extractiveSummary } from './assist.ts';
import { langOf, type Lang } from './bot-plan.ts';
import { searchKnowledge } from './kb-client.ts';
import { AssistResponseSchema } from '../../../../shared/dto.ts';
import { aiResponses } from '../responses.ts';

const idOr404 = (raw: string, what: string) => {
  const id = pathId(raw);
  if (!id) throw notFound(what);
  return id;
};

async function assist(
  services: Services,
  accountId: string,
  conversationId: string,
  agentLang: Lang,
): Promise<AssistResponse> {
  const db = services.database.db;
  const conv = await loadConversation(db, accountId, conversationId);
  const ai = await db
    .selectFrom('conversation_ai')
    .selectAll()
    .where('conversation_id', '=', conv.id)
    .executeTakeFirst();
  const recent = (
    await db
      .selectFrom('messages')
      .select(['message_type', 'sender_type', 'content', 'content_attributes'])
      .where('account_id', '=', accountId)
      .where('conversation_id', '=', conv.id)
      .where('message_type', 'in', ['incoming', 'outgoing'])
      .orderBy('seq', 'desc')
      .limit(40)
      .execute()
  ).reverse();
  const customer = recent
    .filter((m) => m.message_type === 'incoming')
    .map((m) => m.content)
    .filter((c) => c.trim());
  const handover = [...recent]
    .reverse()
    .map((m) => parseJson<{ kind?: string; reason?: string }>(m.content_attributes, {}))
    .find((a) => a.kind === 'handover');
  const emotion = ai
    ? { label: ai.emotion_label, intensity: Number(ai.emotion_intensity), trend: ai.trend }
    : null;
  const customerLang = langOf(
    ai?.language ??
      (customer.length ? detectLanguage(customer[customer.length - 1]).language : undefined),
  );
  const suggestions: AssistResponse['suggestions'] = empathySuggestions(
    emotion?.label ?? null,
    ai?.intent_label ?? null,
    customerLang,
  ).map((text) => ({ text, source: 'empathy' as const }));
  const llm = await llmFor(services, accountId).catch(() => null);
  const kbPassages: { id: string; title: string; answer: string }[] = [];
  if (customer.length) {
    const inbox = await db
      .selectFrom('inboxes')
      .select('settings')
      .where('id', '=', conv.inbox_id)
      .executeTakeFirst();
    const demoFallback = !!parseJson<{ bot?: { demoKnowledge?: boolean } }>(inbox?.settings, {}).bot
      ?.demoKnowledge;
    const found = (
      await searchKnowledge(accountId, conv.inbox_id, customer.slice(-2).join('\n'), customerLang, {
        demoFallback,
        k: 3,
        embedder: embedderOf(llm) ?? undefined,
      }).catch(() => [])
    )
      .filter((c) => c.score >= 0.15)
      .slice(0, 2);
    for (const c of found) {
      suggestions.push({ text: c.answer, source: 'kb', articleId: c.id });
      kbPassages.push({ id: c.id, title: c.question, answer: c.answer });
    }
  }
  let summary: AssistResponse['summary'] = null;
  const extractive = extractiveSummary(agentLang, {
    customerMessages: customer,
    emotion,
    mode: conv.mode,
    status: conv.status,
    handoverReason: handover?.reason ?? null,
    botAnswers: recent.filter((m) => m.sender_type === 'bot').length,
  });
  if (extractive) summary = { text: extractive, source: 'extractive' };
  if (llm && recent.length) {
    const lines: TranscriptLine[] = recent.map((m) => ({
      from: m.message_type === 'incoming' ? 'customer' : m.sender_type === 'bot' ? 'bot' : 'agent',
      text: m.content,
    }));
    const [abstractive, llmSuggestions] = await Promise.all([
      abstractiveSummary(llm, lines, agentLang),
      replySuggestions(llm, lines, emotion?.label ?? null, customerLang, kbPassages),
    ]);
    if (abstractive) summary = { text: abstractive, source: 'llm' };
    suggestions.unshift(...llmSuggestions.map((text) => ({ text, source: 'llm' as const })));
  }
  return {
    emotion,
    sentiment: ai ? { label: ai.sentiment_label, score: Number(ai.sentiment_score) } : null,
    intent: ai?.intent_label
      ? { label: ai.intent_label, confidence: Number(ai.intent_confidence ?? 0) }
      : null,
    humanRequested: !!ai?.human_requested,
    summary,
    suggestions,
  };
}

interface FeedbackInput {
  messageId: string;
  helpful: boolean;
  comment?: string;
}

/** Visitor feedback on a bot answer of their own conversation, once per message. */
export const giveBotFeedback: Command<
  FeedbackInput,
  { messageId: string; helpful: boolean }
> = async (ctx, input) => {
  if (ctx.actor.kind !== 'contact') throw unauthorized();
  const contactId = ctx.actor.contactId;
  const msg = await ctx.tx
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select([
      'messages.id',
      'messages.conversation_id',
      'messages.sender_type',
      'messages.message_type',
      'messages.content_attributes',
      'conversations.contact_id',
    ])
    .where('messages.account_id', '=', ctx.accountId)
    .where('messages.id', '=', input.messageId)
    .executeTakeFirst();
  if (!msg || msg.contact_id !== contactId) throw notFound('message');
  const kind = parseJson<{ kind?: string }>(msg.content_attributes, {}).kind;
  if (msg.sender_type !== 'bot' || msg.message_type !== 'outgoing' || kind !== 'bot_answer') {
    throw new AppError(
      'feedback_not_allowed',
      400,
      'Feedback is only possible on answers from the bot.',
    );
  }
  if (
    await ctx.tx
      .selectFrom('bot_feedback')
      .select('message_id')
      .where('message_id', '=', msg.id)
      .executeTakeFirst()
  ) {
    throw conflict('feedback_exists', 'Feedback for this message was already given.');
  }
  const comment = input.comment?.trim() ? input.comment.trim() : undefined;
  await ctx.tx
    .insertInto('bot_feedback')
    .values({
      message_id: msg.id,
      account_id: ctx.accountId,
      conversation_id: msg.conversation_id,
      contact_id: contactId,
      helpful: input.helpful ? 1 : 0,
      comment: comment ?? null,
      created_at: ctx.now,
    })
    .execute();
  await ctx.tx
    .updateTable('bot_turns')
    .set({ resolved: input.helpful ? 1 : 0 })
    .where('account_id', '=', ctx.accountId)
    .where('reply_message_id', '=', msg.id)
    .execute();
  await ctx.events.record(
    'bot.feedback',
    {
      conversationId: msg.conversation_id,
      messageId: msg.id,
      helpful: input.helpful,
      ...(comment ? { comment } : {}),
    },
    msg.conversation_id,
  );
  return { messageId: msg.id, helpful: input.helpful };
};

/** Why the bot said what it said: every decision with its retrieved candidates and scores. */
async function botTurnsOf(services: Services, accountId: string, conversationId: string) {
  const db = services.database.db;
  const conv = await loadConversation(db, accountId, conversationId);
  const rows = await db
    .selectFrom('bot_turns')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('conversation_id', '=', conv.id)
    .orderBy('created_at')
    .orderBy('id')
    .limit(200)
    .execute();
  return {
    data: rows.map((t) => ({
      id: t.id,
      questionMessageId: t.question_message_id,
      replyMessageId: t.reply_message_id,
      action: t.action,
      reason: t.reason,
      outcome: t.outcome,
      source: t.source,
      articleIds: JSON.parse(t.article_ids) as string[],
      confidence: Number(t.confidence),
      candidates: JSON.parse(t.candidates) as unknown[],
      helpful: t.resolved === null ? null : t.resolved === 1,
      createdAt: new Date(Number(t.created_at)).toISOString(),
    })),
  };
}

export const runtimeRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/conversations/:id/bot-turns',
    auth: 'user',
    tags: ['ai'],
    response: aiResponses.BotTurns,
    params: IdParams,
    summary: 'Bot decisions in a conversation (candidates with scores, action, reason)',
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'conversation.read');
      return botTurnsOf(services, actor.accountId, idOr404(params.id, 'conversation'));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/conversations/:id/assist',
    auth: 'user',
    tags: ['ai'],
    response: AssistResponseSchema,
    params: IdParams,
    summary: 'Agent assist: emotion, sentiment, intent, summary and reply suggestions',
    query: z.strictObject({ locale: z.enum(['zh-CN', 'en']).optional() }),
    handler: async ({ actor, params, query, services }) => {
      authorize(actor, 'conversation.read');
      let locale = query.locale;
      if (!locale && actor.kind === 'user') {
        const u = await services.database.db
          .selectFrom('users')
          .select('locale')
          .where('id', '=', actor.userId)
          .executeTakeFirst();
        locale = u?.locale === 'en' ? 'en' : 'zh-CN';
      }
      return assist(
        services,
        actor.accountId,
        idOr404(params.id, 'conversation'),
        locale === 'en' ? 'en' : 'zh',
      );
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/widget/v1/messages/:id/feedback',
    auth: 'visitor',
    tags: ['widget', 'ai'],
    response: aiResponses.Feedback,
    params: IdParams,
    status: 201,
    summary: 'Was this bot answer helpful? (once per message)',
    body: z.strictObject({ helpful: z.boolean(), comment: z.string().max(1000).optional() }),
    rateLimit: { key: 'widget-feedback', limit: () => 60, windowMs: 60_000, by: 'actor' },
    handler: async ({ actor, params, body, services }) =>
      execute(services, actor, giveBotFeedback, {
        messageId: idOr404(params.id, 'message'),
        helpful: body.helpful,
        comment: body.comment,
      }),
  }),
];
