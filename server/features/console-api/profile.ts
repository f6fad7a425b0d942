/**
 * Profile extras: avatar upload through the storage port (raster images only, sniffed from the
 * bytes, served with nosniff and a sandbox CSP), and the account profile (name, default language).
 */
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { z } from 'zod';
import { execute, type CommandContext } from '../../core/commands/context.ts';
import { badInput, notFound, tooLarge, unauthorized, unsupported } from '../../core/errors.ts';
import { defineRoute } from '../../core/http/route.ts';
import { IdParams, Locale, pathId } from '../../core/http/schemas.ts';
import { ID_PATTERN, newId } from '../../core/lib/ids.ts';
import { authorize } from '../../core/policies/can.ts';
import { presentUser } from '../../core/presenters/index.ts';
import type { Services } from '../../core/services.ts';
import { AccountSchema } from '../../../shared/dto.ts';
import { consoleResponses } from './responses.ts';

export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;
export const AVATAR_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export const avatarKey = (accountId: string, avatarId: string) =>
  `${accountId}/avatars/${avatarId}`;
export const avatarUrl = (userId: string, avatarId: string) =>
  `/api/v1/users/${userId}/avatar?v=${avatarId}`;
/** The avatar id inside a stored avatar URL we issued, or null (external or no avatar). */
export function avatarIdOf(userId: string, url: string | null): string | null {
  const prefix = `/api/v1/users/${userId}/avatar?v=`;
  if (!url?.startsWith(prefix)) return null;
  const id = url.slice(prefix.length);
  return ID_PATTERN.test(id) ? id : null;
}

async function readImage(req: FastifyRequest): Promise<{ data: Buffer; contentType: string }> {
  if (!req.isMultipart())
    throw unsupported('Send the image as multipart/form-data in a field named "file".');
  const file = await req.file({
    limits: { fileSize: AVATAR_MAX_BYTES, files: 1, fieldSize: 1000 },
  });
  if (!file) throw badInput('missing_file', 'No file was sent.');
  const data = await file.toBuffer();
  if (file.file.truncated)
    throw tooLarge(`An avatar can be at most ${AVATAR_MAX_BYTES / 1024 / 1024} MB.`);
  const type = (await fileTypeFromBuffer(data))?.mime;
  if (!type || !AVATAR_TYPES.has(type))
    throw unsupported('An avatar must be a PNG, JPEG, GIF or WebP image.');
  return { data, contentType: type };
}

export async function setAvatar(ctx: CommandContext, input: { avatarId: string | null }) {
  if (ctx.actor.kind !== 'user') throw unauthorized();
  const userId = ctx.actor.userId;
  const before = await ctx.tx
    .selectFrom('users')
    .select('avatar_url')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const user = await ctx.tx
    .updateTable('users')
    .set({
      avatar_url: input.avatarId ? avatarUrl(userId, input.avatarId) : null,
      updated_at: ctx.now,
    })
    .where('id', '=', userId)
    .where('account_id', '=', ctx.accountId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { user, previousAvatarId: avatarIdOf(userId, before.avatar_url) };
}

async function replaceAvatar(
  services: Services,
  actor: Parameters<typeof execute>[1],
  avatarId: string | null,
) {
  const { user, previousAvatarId } = await execute(services, actor, setAvatar, { avatarId });
  if (previousAvatarId && previousAvatarId !== avatarId)
    await services.storage.remove(avatarKey(actor.accountId, previousAvatarId)).catch(() => {});
  return { user: presentUser(user) };
}

export const profileRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/me/avatar',
    auth: 'user',
    summary: 'Upload my avatar (PNG, JPEG, GIF or WebP, at most 2 MB)',
    tags: ['auth'],
    response: consoleResponses.UserOnly,
    rawBody: true,
    rateLimit: { key: 'avatar', limit: () => 20, windowMs: 60_000, by: 'actor' },
    handler: async ({ actor, req, services }) => {
      if (actor.kind !== 'user') throw unauthorized();
      const { data } = await readImage(req);
      const avatarId = newId(services.clock.now());
      await services.storage.put(avatarKey(actor.accountId, avatarId), data);
      try {
        return await replaceAvatar(services, actor, avatarId);
      } catch (err) {
        await services.storage.remove(avatarKey(actor.accountId, avatarId)).catch(() => {});
        throw err;
      }
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/me/avatar',
    auth: 'user',
    summary: 'Remove my avatar',
    tags: ['auth'],
    response: consoleResponses.UserOnly,
    handler: async ({ actor, services }) => replaceAvatar(services, actor, null),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/users/:id/avatar',
    auth: 'user',
    summary: "An agent's avatar image",
    tags: ['users'],
    produces: [...AVATAR_TYPES],
    params: IdParams,
    query: z.strictObject({ v: z.string().max(100).optional() }),
    handler: async ({ actor, params, reply, services }) => {
      const id = pathId(params.id);
      const user = id
        ? await services.database.db
            .selectFrom('users')
            .select(['id', 'avatar_url'])
            .where('account_id', '=', actor.accountId)
            .where('id', '=', id)
            .executeTakeFirst()
        : null;
      const avatarId = user ? avatarIdOf(user.id, user.avatar_url) : null;
      const data = avatarId
        ? await services.storage.get(avatarKey(actor.accountId, avatarId))
        : null;
      const type = data ? (await fileTypeFromBuffer(data))?.mime : undefined;
      if (!data || !type || !AVATAR_TYPES.has(type)) throw notFound('avatar');
      return reply
        .header('content-type', type)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('content-disposition', 'inline; filename="avatar"')
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(data);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/account',
    auth: 'user',
    summary: 'The account profile (name, default language)',
    tags: ['account'],
    response: AccountSchema,
    handler: async ({ actor, services }) => {
      const a = await services.database.db
        .selectFrom('accounts')
        .select(['id', 'name', 'slug', 'locale'])
        .where('id', '=', actor.accountId)
        .executeTakeFirst();
      if (!a) throw notFound('account');
      return a;
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/account',
    auth: 'user',
    summary: 'Change the account name or default language (admin)',
    tags: ['account'],
    response: AccountSchema,
    body: z.strictObject({
      name: z.string().trim().min(1).max(100).optional(),
      locale: Locale.optional(),
    }),
    handler: async ({ actor, body, services }) =>
      execute(
        services,
        actor,
        async (ctx: CommandContext) => {
          authorize(ctx.actor, 'account.manage');
          return ctx.tx
            .updateTable('accounts')
            .set({ ...body, updated_at: ctx.now })
            .where('id', '=', ctx.accountId)
            .returning(['id', 'name', 'slug', 'locale'])
            .executeTakeFirstOrThrow();
        },
        null,
      ),
  }),
];
