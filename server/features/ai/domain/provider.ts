/** The LLM provider settings an admin sends (PUT /api/v1/ai/provider). */
import { z } from 'zod';

export const ProviderBody = z.strictObject({
  baseUrl: z
    .string()
    .trim()
    .max(500)
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
  model: z.string().trim().min(1).max(200),
  embeddingModel: z.string().trim().min(1).max(200).nullable().optional(),
  /** Omitted: keep the stored key; null: remove it. */
  apiKey: z.string().min(1).max(500).nullable().optional(),
  timeoutMs: z.number().int().min(1_000).max(120_000).default(15_000),
  budget: z
    .strictObject({
      requestsPerDay: z.number().int().min(0).max(10_000_000),
      tokensPerDay: z.number().int().min(0).max(1_000_000_000),
    })
    .default({ requestsPerDay: 1_000, tokensPerDay: 1_000_000 }),
});
export type ProviderInput = z.infer<typeof ProviderBody> & { secret: string };
