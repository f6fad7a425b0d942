/** Admins set a WeChat inbox's app and secrets (sealed at rest; never read back). */
import type { CommandContext } from '../../../core/commands/context.ts';
import { badInput, notFound } from '../../../core/errors.ts';
import { authorize } from '../../../core/policies/can.ts';
import { type SettingsInput, sealSecret } from '../domain/settings.ts';
import { forgetInbox } from '../store/inbox.ts';
import type { WechatInboxesTable } from '../tables.ts';

export interface SetSettingsInput extends SettingsInput {
  inboxId: string;
  /** The server secret the values are sealed with. */
  secret: string;
}

export async function wechatInboxOf(ctx: CommandContext, inboxId: string) {
  const inbox = await ctx.tx
    .selectFrom('inboxes')
    .select(['id', 'channel_type'])
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', inboxId)
    .executeTakeFirst();
  if (!inbox) throw notFound('inbox');
  if (inbox.channel_type !== 'wechat_oa')
    throw badInput('wechat_wrong_channel', 'This inbox is not a WeChat inbox.');
  return inbox;
}

export async function setWechatSettings(
  ctx: CommandContext,
  input: SetSettingsInput,
): Promise<WechatInboxesTable> {
  authorize(ctx.actor, 'inbox.manage');
  await wechatInboxOf(ctx, input.inboxId);
  const stored = await ctx.tx
    .selectFrom('wechat_inboxes')
    .selectAll()
    .where('inbox_id', '=', input.inboxId)
    .executeTakeFirst();
  const seal = (v: string | undefined) => (v ? sealSecret(input.secret, v) : undefined);
  const token = seal(input.token) ?? stored?.token_sealed;
  const appSecret = seal(input.appSecret) ?? stored?.app_secret_sealed;
  const aesKey = seal(input.encodingAesKey) ?? stored?.aes_key_sealed ?? null;
  if (!token || !appSecret)
    throw badInput('wechat_settings_incomplete', 'The token and the AppSecret are required.', {
      missing: [...(token ? [] : ['token']), ...(appSecret ? [] : ['appSecret'])],
    });
  if (input.mode !== 'plaintext' && !aesKey)
    throw badInput(
      'wechat_settings_incomplete',
      'Compatible and secure modes need the EncodingAESKey.',
      { missing: ['encodingAesKey'] },
    );
  const row: WechatInboxesTable = {
    inbox_id: input.inboxId,
    account_id: ctx.accountId,
    app_id: input.appId,
    app_kind: input.appKind,
    mode: input.mode,
    token_sealed: token,
    aes_key_sealed: aesKey,
    app_secret_sealed: appSecret,
    fetch_user_info: input.fetchUserInfo ? 1 : 0,
    created_at: stored?.created_at ?? ctx.now,
    updated_at: ctx.now,
  };
  const { inbox_id: _id, account_id: _a, created_at: _c, ...changes } = row;
  await ctx.tx
    .insertInto('wechat_inboxes')
    .values(row)
    .onConflict((oc) => oc.column('inbox_id').doUpdateSet(changes))
    .execute();
  forgetInbox(input.inboxId);
  return row;
}
