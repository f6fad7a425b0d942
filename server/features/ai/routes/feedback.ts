/** The visitor's "was this helpful?" on a bot answer (widget API). */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { IdParams } from '../../../core/http/schemas.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { giveBotFeedback } from '../commands/feedback.ts';
import { aiResponses } from '../responses.ts';
import { idOr404 } from './params.ts';

export const feedbackRoutes = [
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
