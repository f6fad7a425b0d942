/** Admin API of the knowledge-gap loop. */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { IdParams, pathId } from '../../../core/http/schemas.ts';
import { presentArticle } from '../domain/model.ts';
import { authorizeKb } from '../domain/policy.ts';
import { draftArticleFromGap, setGapStatus } from './draft.ts';
import { gapDetail, listGaps } from './queries.ts';
import { kbResponses } from '../responses.ts';

const idOr404 = (raw: string) => {
  const id = pathId(raw);
  if (!id) throw notFound('gap');
  return id;
};

export const gapRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/kb/gaps',
    auth: 'user',
    summary: 'Knowledge gaps: topics the bot could not answer, ranked by volume and trend',
    tags: ['kb'],
    response: kbResponses.Gaps,
    query: z.strictObject({
      status: z.enum(['open', 'resolved', 'dismissed', 'all']).default('open'),
    }),
    handler: async ({ actor, query, services }) => {
      authorizeKb(actor, 'kb.manage');
      return {
        gaps: await listGaps(
          services.database.db,
          actor.accountId,
          services.clock.now(),
          query.status,
        ),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/kb/gaps/:id',
    auth: 'user',
    summary: "One gap: example questions, agents' replies, before/after effect",
    tags: ['kb'],
    response: kbResponses.Gap,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      authorizeKb(actor, 'kb.manage');
      return gapDetail(
        services.database.db,
        actor.accountId,
        idOr404(params.id),
        services.clock.now(),
      );
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/kb/gaps/:id/draft',
    auth: 'user',
    summary: 'Create a draft article prefilled from the gap',
    tags: ['kb'],
    response: kbResponses.GapDraft,
    status: 201,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      const r = await execute(services, actor, draftArticleFromGap, {
        topicId: idOr404(params.id),
      });
      return { article: presentArticle(r.article), source: r.source };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/kb/gaps/:id/status',
    auth: 'user',
    summary: 'Dismiss or reopen a gap',
    tags: ['kb'],
    status: 204,
    params: IdParams,
    body: z.strictObject({ status: z.enum(['open', 'dismissed']) }),
    handler: async ({ actor, params, body, services }) => {
      await execute(services, actor, setGapStatus, {
        topicId: idOr404(params.id),
        status: body.status,
      });
    },
  }),
];
