/**
 * The reply window of a conversation (the composer's "4 replies left, closes in 31 h") and what
 * else may reach the customer when it is closed. Other channels' conversations: `applies: false`.
 */
import { z } from 'zod';
import { loadConversation } from '../../../core/commands/lib/conversations.ts';
import { notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { IdParams, pathId } from '../../../core/http/schemas.ts';
import { authorize } from '../../../core/policies/can.ts';
import { targetOf } from '../commands/outbox.ts';
import { windowView } from '../domain/window-view.ts';
import { fallbacksOf } from '../store/fallback.ts';
import { channelOf } from '../store/inbox.ts';
import { readWindow } from '../store/window.ts';

const Both = z.strictObject({ 'zh-CN': z.string(), en: z.string() });

export const WindowSchema = z.strictObject({
  open: z.boolean(),
  remaining: z.number(),
  quota: z.number(),
  used: z.number(),
  kind: z.enum(['message', 'event']).nullable(),
  closesAt: z.string().nullable(),
  text: Both,
});

export const FallbackSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('conversation'),
    conversationId: z.string(),
    inboxId: z.string(),
    inboxName: z.string(),
    channelType: z.string(),
    status: z.string(),
  }),
  z.strictObject({ type: z.literal('email'), address: z.string() }),
  z.strictObject({ type: z.literal('phone'), number: z.string() }),
]);

const Answer = z.strictObject({
  applies: z.boolean(),
  window: WindowSchema.nullable(),
  fallback: z.array(FallbackSchema),
});

export const windowRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/conversations/:id/wechat-window',
    auth: 'user',
    summary:
      'The WeChat reply window of a conversation: messages left, deadline, words for the composer, fallbacks',
    tags: ['wechat-channel'],
    params: IdParams,
    response: Answer,
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'conversation.read');
      const id = pathId(params.id);
      if (!id) throw notFound('conversation');
      const db = services.database.db;
      const c = await loadConversation(db, actor.accountId, id);
      if ((await channelOf(db, c.inbox_id)) !== 'wechat_oa')
        return { applies: false, window: null, fallback: [] };
      const target = await targetOf(db, actor.accountId, c);
      const now = services.clock.now();
      const w = target
        ? await readWindow(db, {
            accountId: actor.accountId,
            inboxId: c.inbox_id,
            openId: target.openId,
          })
        : null;
      const view = windowView(w, now);
      return {
        applies: true,
        window: view,
        fallback: await fallbacksOf(db, actor.accountId, c.contact_id, c.inbox_id),
      };
    },
  }),
];
