/**
 * An email inbox's inbound settings (admins and owners): GET and PUT `/api/v1/inboxes/:id/email`
 * — its address and aliases (mail to them, and to their plus-addresses, lands in this inbox), whether
 * senders are trusted without DKIM/DMARC (their mail then joins the contact that has the address),
 * and the subject + sender threading window in hours (0: off, the default). An address another
 * email inbox already has, in any account, is refused (409 `email_address_taken`).
 */
import { z } from 'zod';
import { execute } from '../../../core/commands/context.ts';
import { updateInbox } from '../../../core/commands/accounts.ts';
import { conflict } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { IdParams, pathId } from '../../../core/http/schemas.ts';
import { authorize } from '../../../core/policies/can.ts';
import type { Actor } from '../../../core/policies/actor.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import type { Services } from '../../../core/services.ts';
import { emailSettingsInput, emailSettingsOf, inboxAddresses } from '../domain/settings.ts';
import { loadEmailInbox } from '../outbound/inbox.ts';
import { forgetInboxDirectory, loadEmailInboxes } from '../store/inbox-directory.ts';

export const EmailSettingsAnswer = z.strictObject({
  address: z.string().nullable(),
  aliases: z.array(z.string()),
  trustSenders: z.boolean(),
  subjectWindowHours: z.number().int(),
  /** Where a provider POSTs raw mail (HMAC-signed with the inbox's secret). */
  webhookPath: z.string(),
});

async function adminInbox(services: Services, actor: Actor, id: string) {
  authorize(actor, 'inbox.manage');
  const inbox = await loadEmailInbox(services.database.db, actor.accountId, pathId(id));
  const row = await services.database.db
    .selectFrom('inboxes')
    .select('settings')
    .where('id', '=', inbox.id)
    .executeTakeFirstOrThrow();
  return { id: inbox.id, settings: parseJson<Record<string, unknown>>(row.settings, {}) };
}

const present = (id: string, settings: Record<string, unknown>) => ({
  ...emailSettingsOf(settings),
  webhookPath: `/api/v1/channels/email/${id}/raw`,
});

export const settingsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/inboxes/:id/email',
    auth: 'user',
    summary:
      "An email inbox's inbound settings (address, aliases, trusted senders, subject window)",
    tags: ['email'],
    params: IdParams,
    response: EmailSettingsAnswer,
    handler: async ({ actor, params, services }) => {
      const inbox = await adminInbox(services, actor, params.id);
      return present(inbox.id, inbox.settings);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/inboxes/:id/email',
    auth: 'user',
    summary: "Set an email inbox's inbound settings (fields left out keep their value)",
    tags: ['email'],
    params: IdParams,
    body: emailSettingsInput,
    response: EmailSettingsAnswer,
    handler: async ({ actor, params, body, services }) => {
      const inbox = await adminInbox(services, actor, params.id);
      const email = { ...((inbox.settings.email ?? {}) as Record<string, unknown>), ...body };
      const next = emailSettingsOf({ email });
      await refuseTaken(services, inbox.id, inboxAddresses(next));
      const updated = await execute(services, actor, updateInbox, {
        inboxId: inbox.id,
        settings: { email },
      });
      forgetInboxDirectory(services.database.db);
      return present(inbox.id, parseJson(updated.settings, {}));
    },
  }),
];

async function refuseTaken(services: Services, inboxId: string, wanted: string[]): Promise<void> {
  if (!wanted.length) return;
  const others = (await loadEmailInboxes(services.database.db)).filter((i) => i.id !== inboxId);
  const taken = new Set(others.flatMap((i) => inboxAddresses(i.settings)));
  const clash = wanted.find((a) => taken.has(a));
  if (clash)
    throw conflict(
      'email_address_taken',
      'Another email inbox already receives mail for this address.',
    );
}
