/**
 * Profile writes: my avatar (the user row points at the stored image; the previous image is removed
 * after the change) and the account profile (name, default language; admins).
 */
import { execute, type CommandContext } from '../../../core/commands/context.ts';
import { unauthorized } from '../../../core/errors.ts';
import { authorize } from '../../../core/policies/can.ts';
import { presentUser } from '../../../core/presenters/index.ts';
import type { Services } from '../../../core/services.ts';
import { avatarIdOf, avatarKey, avatarUrl } from '../domain/avatar.ts';

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

/** Points my user at `avatarId` (or none), then removes the image it replaced. */
export async function replaceAvatar(
  services: Services,
  actor: Parameters<typeof execute>[1],
  avatarId: string | null,
) {
  const { user, previousAvatarId } = await execute(services, actor, setAvatar, { avatarId });
  if (previousAvatarId && previousAvatarId !== avatarId)
    await services.storage.remove(avatarKey(actor.accountId, previousAvatarId)).catch(() => {});
  return { user: presentUser(user) };
}

export async function updateAccount(
  ctx: CommandContext,
  input: { name?: string; locale?: 'zh-CN' | 'en' },
) {
  authorize(ctx.actor, 'account.manage');
  return ctx.tx
    .updateTable('accounts')
    .set({ ...input, updated_at: ctx.now })
    .where('id', '=', ctx.accountId)
    .returning(['id', 'name', 'slug', 'locale'])
    .executeTakeFirstOrThrow();
}
