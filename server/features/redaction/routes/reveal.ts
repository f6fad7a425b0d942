/**
 * Reveal the encrypted original of a redacted message: only roles the account's settings allow,
 * only messages of a conversation the caller may see, and every reveal recorded
 * (`redaction_reveals`, and the audit log records the POST by route, with the message id as target).
 */
import { z } from 'zod';
import { AppError, forbidden, notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { IdParams, pathId } from '../../../core/http/schemas.ts';
import { assertVisible } from '../../../core/policies/visibility.ts';
import { mayReveal } from '../domain/settings.ts';
import { originalOf, recordReveal } from '../store/originals.ts';
import { loadRedaction } from '../store/settings.ts';

export const revealRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/redaction/messages/:id/reveal',
    auth: 'user',
    summary: 'The original of a redacted message (recorded; roles per the account’s settings)',
    tags: ['redaction'],
    params: IdParams,
    response: z.object({ messageId: z.string(), content: z.string() }),
    handler: async ({ actor, params, services }) => {
      if (actor.kind !== 'user') throw forbidden();
      const db = services.database.db;
      const id = pathId(params.id);
      if (!id) throw notFound('message');
      const message = await db
        .selectFrom('messages')
        .select(['id', 'conversation_id'])
        .where('account_id', '=', actor.accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!message) throw notFound('message');
      await assertVisible(db, actor, message.conversation_id);
      const { settings } = await loadRedaction(db, actor.accountId);
      if (!mayReveal(settings, actor.role))
        throw forbidden('Your role may not reveal redacted messages.');
      const content = await originalOf(db, services.secret, actor.accountId, id);
      if (content === null)
        throw new AppError(
          'redaction_no_original',
          404,
          'No encrypted original was kept for this message, so it cannot be revealed.',
        );
      await recordReveal(db, {
        accountId: actor.accountId,
        messageId: id,
        userId: actor.userId,
        now: services.clock.now(),
      });
      return { messageId: id, content };
    },
  }),
];
