/**
 * Agent assist for a conversation: the stored analysis (emotion, sentiment, intent), the offline
 * summary in four parts (domain/summary.ts) and empathetic openings, up to two KB answers, and, with
 * an LLM, an abstractive summary and reply suggestions (silently left out when the provider fails).
 * No suggestion asks the customer for an order number, email or phone they already gave
 * (domain/known-facts.ts: filled in, or the suggestion is left out).
 */
import { z } from 'zod';
import { loadConversation } from '../../../core/commands/lib/conversations.ts';
import type { AssistResponse } from '../../../core/kit/contracts.ts';
import { IdParams } from '../../../core/http/schemas.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { authorize } from '../../../core/policies/can.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import type { Services } from '../../../core/services.ts';
import { detectLanguage } from '../../../nlp/index.ts';
import { abstractiveSummary, replySuggestions } from '../llm/tasks.ts';
import { embedderOf, llmFor } from '../llm/service.ts';
import type { TranscriptLine } from '../llm/prompts.ts';
import { empathySuggestions, withoutKnownAsks } from '../domain/assist.ts';
import { knownFacts } from '../domain/known-facts.ts';
import { summaryParts, summaryText } from '../domain/summary.ts';
import { langOf, type Lang } from '../domain/bot-plan.ts';
import { searchKnowledge } from '../workers/retrieval.ts';
import { AssistResponseSchema } from '../../../../shared/dto.ts';
import { idOr404 } from './params.ts';

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
      .where('message_type', 'in', ['incoming', 'outgoing', 'activity'])
      .orderBy('seq', 'desc')
      .limit(60)
      .execute()
  ).reverse();
  const talk = recent.filter((m) => m.message_type !== 'activity');
  const customer = talk
    .filter((m) => m.message_type === 'incoming')
    .map((m) => m.content)
    .filter((c) => c.trim());
  const facts = knownFacts(customer);
  const handover = [...talk]
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
  let suggestions: AssistResponse['suggestions'] = empathySuggestions(
    emotion?.label ?? null,
    ai?.intent_label ?? null,
    customerLang,
    facts,
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
  const parts = summaryParts(agentLang, {
    lines: recent.map((m) => ({
      type: m.message_type as 'incoming' | 'outgoing' | 'activity',
      sender: m.sender_type,
      text: m.content,
      attributes: parseJson<Record<string, unknown>>(m.content_attributes, {}),
    })),
    emotion,
    mode: conv.mode,
    status: conv.status,
    handoverReason: handover?.reason ?? null,
    intent: ai?.intent_label ?? null,
    facts,
  });
  if (parts) summary = { text: summaryText(agentLang, parts), source: 'extractive', parts };
  if (llm && talk.length) {
    const lines: TranscriptLine[] = talk.map((m) => ({
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
  suggestions = withoutKnownAsks(suggestions, facts);
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

export const assistRoutes = [
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
];
