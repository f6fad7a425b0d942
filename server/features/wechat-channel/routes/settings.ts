/** Admins set and read a WeChat inbox's app settings; secrets are write-only (only "set" is shown). */
import type { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { IdParams, pathId } from '../../../core/http/schemas.ts';
import { authorize } from '../../../core/policies/can.ts';
import { setWechatSettings } from '../commands/settings.ts';
import { callbackPath, SettingsBody, SettingsView } from '../domain/settings.ts';
import type { WechatInboxesTable } from '../tables.ts';

const TAGS = ['wechat-channel'];

export function present(row: WechatInboxesTable): z.infer<typeof SettingsView> {
  return {
    inboxId: row.inbox_id,
    appId: row.app_id,
    appKind: row.app_kind,
    mode: row.mode,
    fetchUserInfo: !!Number(row.fetch_user_info),
    tokenSet: !!row.token_sealed,
    encodingAesKeySet: !!row.aes_key_sealed,
    appSecretSet: !!row.app_secret_sealed,
    callbackPath: callbackPath(row.inbox_id),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}

const inboxId = (raw: string) => {
  const id = pathId(raw);
  if (!id) throw notFound('inbox');
  return id;
};

export const settingsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/inboxes/:id/wechat',
    auth: 'user',
    summary: "A WeChat inbox's app settings (admins; secrets are never returned)",
    tags: TAGS,
    params: IdParams,
    response: SettingsView,
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'inbox.manage');
      const row = await services.database.db
        .selectFrom('wechat_inboxes')
        .selectAll()
        .where('account_id', '=', actor.accountId)
        .where('inbox_id', '=', inboxId(params.id))
        .executeTakeFirst();
      if (!row) throw notFound('inbox');
      return present(row);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/inboxes/:id/wechat',
    auth: 'user',
    summary:
      "Set a WeChat inbox's AppID, mode, Token, EncodingAESKey and AppSecret (admins; secrets sealed, left-out secrets kept)",
    tags: TAGS,
    params: IdParams,
    body: SettingsBody,
    response: SettingsView,
    handler: async ({ actor, params, body, services }) =>
      present(
        await execute(services, actor, setWechatSettings, {
          ...body,
          inboxId: inboxId(params.id),
          secret: services.secret,
        }),
      ),
  }),
];
