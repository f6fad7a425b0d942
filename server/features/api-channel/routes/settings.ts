/**
 * Settings of an API inbox (admins, their own account only): read them, rotate the inbox token, set
 * or remove the webhook URL, rotate the webhook secret. New credentials are in the answer once.
 */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { badInput } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { IdParams } from '../../../core/http/schemas.ts';
import { blockedLiteralHost } from '../../../core/infra/outbound.ts';
import { authorize } from '../../../core/policies/can.ts';
import { iso } from '../../../core/presenters/index.ts';
import type { Services } from '../../../core/services.ts';
import { rotateInboxToken, rotateWebhookSecret, setWebhook } from '../commands/settings.ts';
import { webhookSecretBox } from '../domain/credentials.ts';
import { SettingsSchema } from '../schemas.ts';
import { deliveryCounts } from '../store/deliveries.ts';
import { apiInboxOf, settingsOf } from '../store/inbox.ts';

const TAGS = ['api-channel'];
const BASE = '/api/v1/inboxes/:id/api-channel';

const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'http or https only')
  .refine((u) => {
    try {
      const url = new URL(u);
      return !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'no credentials in the URL');

async function settingsView(services: Services, accountId: string, rawId: string) {
  const db = services.database.db;
  const inboxId = await apiInboxOf(db, accountId, rawId);
  const s = await settingsOf(db, accountId, inboxId);
  return {
    inboxId,
    token: {
      set: !!s?.token_hash,
      hint: s?.token_hint ?? null,
      rotatedAt: iso(s?.token_rotated_at),
    },
    webhook: s?.webhook_url
      ? {
          url: s.webhook_url,
          secretRotatedAt: iso(s.webhook_secret_rotated_at),
          previousSecretUntil:
            s.webhook_previous_secret && Number(s.webhook_previous_until) > services.clock.now()
              ? iso(s.webhook_previous_until)
              : null,
        }
      : null,
    deliveries: await deliveryCounts(db, accountId, inboxId),
  };
}

export const settingsRoutes = [
  defineRoute({
    method: 'GET',
    url: BASE,
    auth: 'user',
    summary: "An API inbox's token state, webhook and delivery counts (admins)",
    tags: TAGS,
    params: IdParams,
    response: SettingsSchema,
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'inbox.manage');
      return settingsView(services, actor.accountId, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${BASE}/token`,
    auth: 'user',
    summary: 'Rotate the inbox token (shown once; the previous one stops working at once)',
    tags: TAGS,
    params: IdParams,
    response: z.object({ token: z.string(), settings: SettingsSchema }),
    handler: async ({ actor, params, services }) => {
      const { token } = await execute(services, actor, rotateInboxToken, { inboxId: params.id });
      return { token, settings: await settingsView(services, actor.accountId, params.id) };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: `${BASE}/webhook`,
    auth: 'user',
    summary:
      'Set the webhook URL (null removes it); the first URL comes with a signing secret, shown once',
    tags: TAGS,
    params: IdParams,
    body: z.strictObject({ url: WebhookUrl.nullable() }),
    response: z.object({ secret: z.string().nullable(), settings: SettingsSchema }),
    handler: async ({ actor, params, body, services }) => {
      authorize(actor, 'inbox.manage');
      if (body.url && blockedLiteralHost(new URL(body.url), services.config.allowPrivateOutbound))
        throw badInput(
          'webhook_url_not_allowed',
          'The webhook URL points to a private or local address (refused unless OUTBOUND_ALLOW_PRIVATE=true).',
        );
      const { secret } = await execute(services, actor, setWebhook, {
        inboxId: params.id,
        url: body.url,
        box: webhookSecretBox(services.secret),
      });
      return { secret, settings: await settingsView(services, actor.accountId, params.id) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${BASE}/webhook/secret`,
    auth: 'user',
    summary:
      'Rotate the webhook signing secret (shown once; the previous one also signs for 24 hours)',
    tags: TAGS,
    params: IdParams,
    response: z.object({ secret: z.string(), settings: SettingsSchema }),
    handler: async ({ actor, params, services }) => {
      const { secret } = await execute(services, actor, rotateWebhookSecret, {
        inboxId: params.id,
        box: webhookSecretBox(services.secret),
      });
      return { secret, settings: await settingsView(services, actor.accountId, params.id) };
    },
  }),
];
