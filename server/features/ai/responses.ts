/** Response schemas of the AI feature's routes (OpenAPI and the test-time response check). */
import { z } from 'zod';
import { Iso } from '../../core/http/responses.ts';

const Provider = z.discriminatedUnion('configured', [
  z.object({ configured: z.literal(false) }),
  z.object({
    configured: z.literal(true),
    baseUrl: z.string(),
    model: z.string(),
    embeddingModel: z.string().nullable(),
    /** Whether a key is stored (the key itself is never returned). */
    hasApiKey: z.boolean(),
    timeoutMs: z.number(),
    budget: z.object({ requestsPerDay: z.number(), tokensPerDay: z.number() }),
    usageToday: z.object({ requests: z.number(), tokens: z.number() }),
  }),
]);

export const aiResponses = {
  Provider,
  /** Rewrite, translate. */
  Text: z.object({ text: z.string() }),
  BotTurns: z.object({
    data: z.array(
      z.object({
        id: z.string(),
        questionMessageId: z.string(),
        replyMessageId: z.string().nullable(),
        action: z.string(),
        reason: z.string(),
        outcome: z.string(),
        source: z.string(),
        articleIds: z.array(z.string()),
        confidence: z.number(),
        /** Retrieved candidates with their scores. */
        candidates: z.array(z.unknown()),
        helpful: z.boolean().nullable(),
        createdAt: Iso,
      }),
    ),
  }),
  Feedback: z.object({ messageId: z.string(), helpful: z.boolean() }),
};
