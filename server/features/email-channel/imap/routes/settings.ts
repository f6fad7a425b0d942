/**
 * GET/PUT/DELETE /api/v1/inboxes/:id/imap: an email inbox's IMAP mailbox (admins). The password is
 * write-only (sealed at rest, `passwordSet` tells whether there is one, a save without it keeps it);
 * the answer carries the sync's status: state, last sync, last error (code, text in the admin's
 * language, the server's words), the cursor and the mails given up on. A change applies at once.
 */
import { execute } from '../../../../core/commands/context.ts';
import { notFound } from '../../../../core/errors.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { IdParams, pathId } from '../../../../core/http/schemas.ts';
import { seal } from '../../../../core/lib/secret-box.ts';
import type { Actor } from '../../../../core/policies/actor.ts';
import { authorize } from '../../../../core/policies/can.ts';
import type { Services } from '../../../../core/services.ts';
import { deleteImapSettings, notEmailInbox, saveImapSettings } from '../commands.ts';
import { getSettings, passwordPurpose } from '../store.ts';
import { imapSupervisorOf } from '../supervisor.ts';
import { ImapAnswer, ImapBody, localeOf, present } from './schemas.ts';

/** The caller's email inbox by path id (unknown, malformed or another account's: 404). */
export async function emailInbox(services: Services, actor: Actor, raw: string): Promise<string> {
  const id = pathId(raw);
  const inbox = id
    ? await services.database.db
        .selectFrom('inboxes')
        .select(['id', 'channel_type'])
        .where('account_id', '=', actor.accountId)
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!inbox) throw notFound('inbox');
  if (inbox.channel_type !== 'email') throw notEmailInbox();
  return inbox.id;
}

async function answer(services: Services, actor: Actor, inboxId: string) {
  const db = services.database.db;
  return present(db, inboxId, await getSettings(db, inboxId), await localeOf(db, actor));
}

export const imapSettingsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/inboxes/:id/imap',
    auth: 'user',
    summary: "An email inbox's IMAP settings and sync status (the password is never returned)",
    tags: ['email'],
    params: IdParams,
    response: ImapAnswer,
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'inbox.manage');
      return answer(services, actor, await emailInbox(services, actor, params.id));
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/inboxes/:id/imap',
    auth: 'user',
    summary: "Save an email inbox's IMAP settings (the sync starts, restarts or stops at once)",
    tags: ['email'],
    params: IdParams,
    body: ImapBody,
    response: ImapAnswer,
    handler: async ({ actor, params, body, services }) => {
      authorize(actor, 'inbox.manage');
      const inboxId = await emailInbox(services, actor, params.id);
      const { password, ...rest } = body;
      await execute(services, actor, saveImapSettings, {
        inboxId,
        ...rest,
        passwordSealed: password
          ? seal(services.secret, passwordPurpose(inboxId), password)
          : undefined,
      });
      await imapSupervisorOf(services)?.refresh(inboxId);
      return answer(services, actor, inboxId);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/inboxes/:id/imap',
    auth: 'user',
    summary: "Remove an email inbox's IMAP settings (the sync stops; its cursor is kept)",
    tags: ['email'],
    params: IdParams,
    status: 204,
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'inbox.manage');
      const inboxId = await emailInbox(services, actor, params.id);
      await execute(services, actor, deleteImapSettings, { inboxId });
      await imapSupervisorOf(services)?.refresh(inboxId);
    },
  }),
];
