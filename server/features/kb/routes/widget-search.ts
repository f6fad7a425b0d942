/** Widget article search (before a chat starts, and suggestions while the customer types). */
import { z } from 'zod';
import { unauthorized } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { KbLocale } from '../domain/model.ts';
import { articlePath, searchArticles } from '../store/source.ts';
import { snippetOf } from '../domain/text.ts';
import { kbResponses } from '../responses.ts';

export const widgetKbRoutes = [
  defineRoute({
    method: 'GET',
    url: '/widget/v1/articles/search',
    auth: 'visitor',
    summary: "Search the published articles visible in the visitor's inbox",
    tags: ['widget', 'kb'],
    response: kbResponses.WidgetSearch,
    query: z.strictObject({
      q: z.string().trim().min(1).max(200),
      locale: KbLocale.optional(),
      limit: z.coerce.number().int().min(1).max(10).default(5),
    }),
    handler: async ({ actor, query, services }) => {
      if (actor.kind !== 'contact') throw unauthorized();
      const db = services.database.db;
      const account = await db
        .selectFrom('accounts')
        .select('slug')
        .where('id', '=', actor.accountId)
        .executeTakeFirstOrThrow();
      const hits = await searchArticles(db, actor.accountId, query.q, {
        inboxId: actor.inboxId,
        locale: query.locale,
        limit: query.limit,
        minScore: 0.15,
      });
      const origin = services.config.PUBLIC_URL?.replace(/\/$/, '') ?? '';
      return {
        results: hits.map(({ entry }) => ({
          id: entry.id,
          title: entry.title,
          snippet: snippetOf(entry.answer, 160),
          url: `${origin}${articlePath(account.slug, entry.id)}`,
        })),
      };
    },
  }),
];
