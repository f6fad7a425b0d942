/**
 * Profile extras: avatar upload through the storage port (raster images only, sniffed from the
 * bytes, served with nosniff and a sandbox CSP), and the account profile (name, default language).
 */
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { badInput, notFound, tooLarge, unauthorized, unsupported } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { IdParams, Locale, pathId } from '../../../core/http/schemas.ts';
import { newId } from '../../../core/lib/ids.ts';
import { AccountSchema } from '../../../../shared/dto.ts';
import { replaceAvatar, updateAccount } from '../commands/profile.ts';
import { AVATAR_MAX_BYTES, AVATAR_TYPES, avatarIdOf, avatarKey } from '../domain/avatar.ts';
import { accountProfile, userAvatar } from '../store/profile.ts';
import { consoleResponses } from '../responses.ts';

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
      const user = id ? await userAvatar(services.database.db, actor.accountId, id) : null;
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
      const a = await accountProfile(services.database.db, actor.accountId);
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
    handler: async ({ actor, body, services }) => execute(services, actor, updateAccount, body),
  }),
];
