/**
 * POST /api/v1/inboxes/:id/imap/test: tries the IMAP settings in the body (a left-out password is the
 * stored one), or the stored settings without a body, as the sync would. A failure is an answer, not
 * an error: `{ ok: false, error: { code, message, detail } }` with the text in the admin's language.
 */
import { defineRoute } from '../../../../core/http/route.ts';
import { IdParams } from '../../../../core/http/schemas.ts';
import { authorize } from '../../../../core/policies/can.ts';
import { invalid } from '../../../../core/errors.ts';
import { imapNotConfigured } from '../commands.ts';
import { probeImap } from '../probe.ts';
import { endpointOf, getSettings } from '../store.ts';
import { errorAnswer, ImapTestAnswer, ImapTestBody, localeOf } from './schemas.ts';
import { emailInbox } from './settings.ts';

export const imapTestRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/inboxes/:id/imap/test',
    auth: 'user',
    summary:
      'Test IMAP settings: connect, sign in and open the folder (nothing is read or changed)',
    tags: ['email'],
    params: IdParams,
    body: ImapTestBody.optional(),
    response: ImapTestAnswer,
    rateLimit: { key: 'imap-test', limit: () => 30, windowMs: 60_000, by: 'actor' },
    handler: async ({ actor, params, body, services }) => {
      authorize(actor, 'inbox.manage');
      const db = services.database.db;
      const inboxId = await emailInbox(services, actor, params.id);
      const stored = await getSettings(db, inboxId);
      const storedEndpoint = stored && endpointOf(stored, services.secret);
      if (!body && !stored) throw imapNotConfigured();
      const password = body?.password || storedEndpoint?.password;
      if (!password) throw invalid([{ path: 'body.password', message: 'required' }]);
      const endpoint = body
        ? {
            host: body.host,
            port: body.port,
            security: body.security,
            username: body.username,
            mailbox: body.mailbox,
            password,
          }
        : { ...storedEndpoint!, password };
      const result = await probeImap(endpoint, {
        allowPrivate: services.config.allowPrivateOutbound,
      });
      if (result.ok) return result;
      const locale = await localeOf(db, actor);
      return {
        ok: false as const,
        error: errorAnswer(locale, result.code, result.detail, endpoint.mailbox),
      };
    },
  }),
];
