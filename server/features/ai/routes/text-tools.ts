/**
 * The agent tools that need an LLM: tone rewrite and translation of a draft (409
 * `llm_not_configured` without one; provider failures become stable error codes).
 */
import { z } from 'zod';
import { AppError, conflict } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { authorize } from '../../../core/policies/can.ts';
import type { Services } from '../../../core/services.ts';
import { LlmError } from '../llm/client.ts';
import { TONES } from '../llm/prompts.ts';
import { llmFor, type LlmHandle } from '../llm/service.ts';
import { rewrite, translate } from '../llm/tasks.ts';
import { aiResponses } from '../responses.ts';

async function requireLlm(services: Services, accountId: string): Promise<LlmHandle> {
  const llm = await llmFor(services, accountId);
  if (!llm)
    throw conflict('llm_not_configured', 'No AI language model is configured for this account.');
  return llm;
}

/** Provider failures become stable API errors (never the provider's own message). */
async function viaLlm<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof LlmError && err.code === 'budget_exhausted')
      throw new AppError('llm_budget_exhausted', 429, 'The daily AI budget is used up.');
    if (err instanceof LlmError)
      throw new AppError(
        'llm_unavailable',
        503,
        'The AI language model is unavailable, try again later.',
        { reason: err.code },
      );
    throw err;
  }
}

const Text = z.string().trim().min(1).max(4000);

export const textToolRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/ai/rewrite',
    auth: 'user',
    summary: 'Rewrite a draft reply in another tone (needs an LLM)',
    tags: ['ai'],
    response: aiResponses.Text,
    body: z.strictObject({ text: Text, tone: z.enum(TONES) }),
    handler: async ({ actor, body, services }) => {
      authorize(actor, 'message.send');
      const llm = await requireLlm(services, actor.accountId);
      return { text: await viaLlm(() => rewrite(llm, body.text, body.tone)) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/ai/translate',
    auth: 'user',
    summary: 'Translate a message (needs an LLM)',
    tags: ['ai'],
    response: aiResponses.Text,
    body: z.strictObject({ text: Text, to: z.enum(['zh', 'en']) }),
    handler: async ({ actor, body, services }) => {
      authorize(actor, 'message.send');
      const llm = await requireLlm(services, actor.accountId);
      return { text: await viaLlm(() => translate(llm, body.text, body.to)) };
    },
  }),
];
