/** Search of published articles for agents (the bot's retrieval, with highlights). */
import { z } from 'zod';
import { defineRoute } from '../../../core/http/route.ts';
import { Id } from '../../../core/http/schemas.ts';
import { KbLocale } from '../domain/model.ts';
import { authorizeKb } from '../domain/policy.ts';
import { highlight, snippetOf } from '../domain/text.ts';
import { searchArticles } from '../store/source.ts';
import { kbResponses } from '../responses.ts';

export const searchRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/kb/search',
    auth: 'user',
    summary: "Search published articles with the bot's retrieval (highlighted)",
    tags: ['kb'],
    response: kbResponses.Search,
    query: z.strictObject({
      q: z.string().trim().min(1).max(500),
      inbox: Id.optional(),
      locale: KbLocale.optional(),
      limit: z.coerce.number().int().min(1).max(50).default(10),
    }),
    handler: async ({ actor, query, services }) => {
      authorizeKb(actor, 'kb.read');
      const hits = await searchArticles(services.database.db, actor.accountId, query.q, {
        inboxId: query.inbox,
        locale: query.locale,
        limit: query.limit,
        minScore: 0.05,
      });
      return {
        results: hits.map(({ entry, candidate }) => ({
          id: entry.id,
          title: entry.title,
          locale: entry.locale,
          score: Math.round(candidate.score * 1000) / 1000,
          matched: candidate.matched,
          snippet: snippetOf(entry.answer, 200),
          highlights: {
            title: highlight(entry.title, query.q),
            matched: highlight(candidate.matched, query.q),
          },
        })),
      };
    },
  }),
];
