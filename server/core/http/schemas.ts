/** Common zod pieces shared by route schemas. */
import { PASSWORD_MAX, PASSWORD_MIN, passwordProblem } from '../../../shared/password.ts';
import { z } from 'zod';
import { ID_PATTERN } from '../lib/ids.ts';

export const Id = z.string().regex(ID_PATTERN, 'must be an id');
export const IdParams = z.strictObject({ id: z.string() });
export const Limit = z.coerce.number().int().min(1).max(100).default(25);
export const Text = (max: number) => z.string().max(max);
export const ClientMessageId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, _ . : - only');
export const Locale = z.enum(['zh-CN', 'en']);
export const Email = z.string().trim().max(254).email();
/** shared/password.ts: at least 12 characters, not a well-known password (the console's meter uses the same rule). */
export const Password = z
  .string()
  .max(PASSWORD_MAX)
  .superRefine((p, ctx) => {
    const problem = passwordProblem(p);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        message:
          problem === 'too_short'
            ? `at least ${PASSWORD_MIN} characters`
            : 'too common or too easy to guess',
        params: { reason: problem },
      });
  });
export const Role = z.enum(['owner', 'admin', 'supervisor', 'agent']);
export const Status = z.enum(['open', 'pending', 'snoozed', 'resolved', 'closed']);
export const Priority = z.enum(['none', 'low', 'medium', 'high', 'urgent']);
export const Attributes = z
  .record(z.string().max(100), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]))
  .refine((r) => Object.keys(r).length <= 100, 'at most 100 attributes');
export const MessageContent = z.string().max(10_000);
export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** Path ids that are not ids are treated as unknown ids (404), never revealing anything. */
export function pathId(value: string): string | null {
  return ID_PATTERN.test(value) ? value : null;
}
