/**
 * Page context a widget chat was opened from (help-center article, product page…): a small flat
 * object of strings and numbers, sent with the visitor's message and stored on the conversation
 * (`customAttributes.context`) and on that message (`attributes.context`). Visitor-supplied: agents
 * see it as a hint, never as verified data.
 */
import { z } from 'zod';
import { AppError } from '../../../core/errors.ts';

export const CONTEXT_MAX_KEYS = 10;
export const CONTEXT_MAX_VALUE = 500;
export const INVALID_CONTEXT = 'invalid_context';

const Key = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_]{0,39}$/,
    'keys are letters, digits and _ (max 40, starting with a letter)',
  );
const Value = z.union([z.string().max(CONTEXT_MAX_VALUE), z.number().finite()]);

export const WidgetContext = z
  .record(Key, Value)
  .refine((o) => Object.keys(o).length >= 1 && Object.keys(o).length <= CONTEXT_MAX_KEYS, {
    message: `1 to ${CONTEXT_MAX_KEYS} keys`,
  });
export type WidgetContext = z.infer<typeof WidgetContext>;

/** Validates an optional context; bad shape or size → 422 `invalid_context` (nothing is stored). */
export function parseWidgetContext(raw: unknown): WidgetContext | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw invalidContext([{ path: 'body.context', message: 'an object of strings and numbers' }]);
  const r = WidgetContext.safeParse(raw);
  if (!r.success)
    throw invalidContext(
      r.error.issues.map((i) => ({
        path: ['body', 'context', ...i.path.map(String)].join('.'),
        message: i.message,
      })),
    );
  return r.data;
}

const invalidContext = (details: Array<{ path: string; message: string }>) =>
  new AppError(
    INVALID_CONTEXT,
    422,
    `The context must be an object of 1–${CONTEXT_MAX_KEYS} keys with strings (≤ ${CONTEXT_MAX_VALUE} characters) or numbers.`,
    details,
  );
