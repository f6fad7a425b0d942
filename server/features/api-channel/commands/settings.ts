/**
 * Admins set up an API inbox: rotate its inbox token, set or remove its webhook URL, rotate the
 * webhook's signing secret. New credentials are returned once and never again (the token is kept
 * only as its hash, the secret sealed).
 */
import type { CommandContext } from '../../../core/commands/context.ts';
import { conflict } from '../../../core/errors.ts';
import { authorize } from '../../../core/policies/can.ts';
import {
  hashToken,
  hintOf,
  newInboxToken,
  newWebhookSecret,
  type SecretBox,
} from '../domain/credentials.ts';
import { apiInboxOf } from '../store/inbox.ts';
import type { ApiChannelInboxesTable } from '../tables.ts';

/** After a rotation the previous secret still signs (a second `v1=`) for this long. */
export const SECRET_GRACE_MS = 24 * 3_600_000;

async function settingsRow(ctx: CommandContext, rawInboxId: string) {
  authorize(ctx.actor, 'inbox.manage');
  const inboxId = await apiInboxOf(ctx.tx, ctx.accountId, rawInboxId);
  await ctx.tx
    .insertInto('api_channel_inboxes')
    .values({
      inbox_id: inboxId,
      account_id: ctx.accountId,
      token_hash: null,
      token_hint: null,
      token_rotated_at: null,
      webhook_url: null,
      webhook_secret: null,
      webhook_previous_secret: null,
      webhook_previous_until: null,
      webhook_secret_rotated_at: null,
      created_at: ctx.now,
      updated_at: ctx.now,
    })
    .onConflict((oc) => oc.column('inbox_id').doNothing())
    .execute();
  return ctx.tx
    .selectFrom('api_channel_inboxes')
    .selectAll()
    .where('inbox_id', '=', inboxId)
    .executeTakeFirstOrThrow();
}

function update(ctx: CommandContext, inboxId: string, set: Partial<ApiChannelInboxesTable>) {
  return ctx.tx
    .updateTable('api_channel_inboxes')
    .set({ ...set, updated_at: ctx.now })
    .where('account_id', '=', ctx.accountId)
    .where('inbox_id', '=', inboxId)
    .execute();
}

/** A new inbox token; the previous one stops working at once. */
export async function rotateInboxToken(
  ctx: CommandContext,
  input: { inboxId: string },
): Promise<{ token: string }> {
  const row = await settingsRow(ctx, input.inboxId);
  const token = newInboxToken();
  await update(ctx, row.inbox_id, {
    token_hash: hashToken(token),
    token_hint: hintOf(token),
    token_rotated_at: ctx.now,
  });
  return { token };
}

/**
 * Sets the webhook URL (null removes the webhook). The first URL comes with a new signing secret,
 * returned once; changing the URL keeps the secret.
 */
export async function setWebhook(
  ctx: CommandContext,
  input: { inboxId: string; url: string | null; box: SecretBox },
): Promise<{ secret: string | null }> {
  const row = await settingsRow(ctx, input.inboxId);
  if (input.url === null) {
    await update(ctx, row.inbox_id, {
      webhook_url: null,
      webhook_secret: null,
      webhook_previous_secret: null,
      webhook_previous_until: null,
    });
    return { secret: null };
  }
  if (row.webhook_secret) {
    await update(ctx, row.inbox_id, { webhook_url: input.url });
    return { secret: null };
  }
  const secret = newWebhookSecret();
  await update(ctx, row.inbox_id, {
    webhook_url: input.url,
    webhook_secret: input.box.seal(secret),
    webhook_previous_secret: null,
    webhook_previous_until: null,
    webhook_secret_rotated_at: ctx.now,
  });
  return { secret };
}

/** A new signing secret; the previous one still signs alongside it for SECRET_GRACE_MS. */
export async function rotateWebhookSecret(
  ctx: CommandContext,
  input: { inboxId: string; box: SecretBox },
): Promise<{ secret: string }> {
  const row = await settingsRow(ctx, input.inboxId);
  if (!row.webhook_url || !row.webhook_secret)
    throw conflict('webhook_not_configured', 'Set a webhook URL first.');
  const secret = newWebhookSecret();
  await update(ctx, row.inbox_id, {
    webhook_secret: input.box.seal(secret),
    webhook_previous_secret: row.webhook_secret,
    webhook_previous_until: ctx.now + SECRET_GRACE_MS,
    webhook_secret_rotated_at: ctx.now,
  });
  return { secret };
}
