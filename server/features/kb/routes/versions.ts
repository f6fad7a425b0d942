/** REST API of an article's versions: history, one version with its diff, restore. */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { IdParams } from '../../../core/http/schemas.ts';
import { restoreVersion } from '../commands/articles.ts';
import { formatDiff, lineDiff } from '../domain/diff.ts';
import { presentArticle, snapshotText, type ArticleSnapshot } from '../domain/model.ts';
import { authorizeKb } from '../domain/policy.ts';
import { listVersions, loadArticle, versionAtOrBefore } from '../store/articles.ts';
import { idOr404 } from './params.ts';
import { kbResponses } from '../responses.ts';

const VersionParams = z.strictObject({
  id: z.string(),
  version: z.coerce.number().int().min(1).max(1_000_000),
});

export const versionRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/kb/articles/:id/versions',
    auth: 'user',
    summary: 'Version history (author, time, action)',
    tags: ['kb'],
    response: kbResponses.Versions,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      authorizeKb(actor, 'kb.read');
      const db = services.database.db;
      const a = await loadArticle(db, actor.accountId, idOr404(params.id));
      const rows = await listVersions(db, actor.accountId, a.id);
      return {
        versions: rows.map((v) => ({
          version: Number(v.version),
          action: v.action,
          authorId: v.author_id,
          authorName: v.author_name,
          createdAt: new Date(Number(v.created_at)).toISOString(),
        })),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/kb/articles/:id/versions/:version',
    auth: 'user',
    summary: 'One version with a line diff to the previous one (or ?against=)',
    tags: ['kb'],
    response: kbResponses.Version,
    params: VersionParams,
    query: z.strictObject({ against: z.coerce.number().int().min(1).optional() }),
    handler: async ({ actor, params, query, services }) => {
      authorizeKb(actor, 'kb.read');
      const db = services.database.db;
      const a = await loadArticle(db, actor.accountId, idOr404(params.id));
      const load = (v: number) => versionAtOrBefore(db, actor.accountId, a.id, v);
      const cur = await load(params.version);
      if (!cur || Number(cur.version) !== params.version) throw notFound('version');
      const prev = params.version > 1 ? await load(query.against ?? params.version - 1) : undefined;
      const snap = JSON.parse(cur.snapshot) as ArticleSnapshot;
      const lines = lineDiff(
        prev ? snapshotText(JSON.parse(prev.snapshot)) : '',
        snapshotText(snap),
      );
      return {
        version: Number(cur.version),
        action: cur.action,
        authorName: cur.author_name,
        createdAt: new Date(Number(cur.created_at)).toISOString(),
        snapshot: snap,
        against: prev ? Number(prev.version) : null,
        diff: lines,
        diffText: formatDiff(lines),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/kb/articles/:id/versions/:version/restore',
    auth: 'user',
    summary: 'Restore an older version (as a new version)',
    tags: ['kb'],
    response: kbResponses.Article,
    params: VersionParams,
    handler: async ({ actor, params, services }) =>
      presentArticle(
        await execute(services, actor, restoreVersion, {
          articleId: idOr404(params.id),
          version: params.version,
        }),
      ),
  }),
];
