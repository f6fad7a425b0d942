/**
 * POST `/api/v1/inboxes/:id/email/smtp/send-test-mail` (admins): sends a short mail through the
 * stored relay to the address given, and says plainly how it went — on failure a stable code
 * (`smtp_auth_failed`, `smtp_connection_failed`, …) with the meaning in Chinese and English and the
 * relay's own words (`details.messages`, `details.smtpResponse`).
 */
import { z } from 'zod';
import { pickLocale, translator } from '../../../../../shared/i18n.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { Email, IdParams } from '../../../../core/http/schemas.ts';
import type { Actor } from '../../../../core/policies/actor.ts';
import type { Services } from '../../../../core/services.ts';
import { deliveryOptions } from '../deliver.ts';
import { automaticMailHeaders } from '../../domain/auto-mail.ts';
import { messageIdFor } from '../headers.ts';
import { getSmtpRow, relayOf } from '../settings.ts';
import { classifySmtpError, testMailError } from '../smtp-errors.ts';
import { catalogue } from '../strings.ts';
import { sendThroughRelay } from '../transport.ts';
import { newId } from '../../../../core/lib/ids.ts';
import { adminsEmailInbox } from './smtp-settings.ts';

async function localeOf(services: Services, actor: Actor) {
  if (actor.kind !== 'user') return 'en' as const;
  const u = await services.database.db
    .selectFrom('users')
    .select('locale')
    .where('id', '=', actor.userId)
    .executeTakeFirst();
  return pickLocale('zh-CN', u?.locale);
}

export const testMailRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/inboxes/:id/email/smtp/send-test-mail',
    auth: 'user',
    summary: "Send a test mail through the inbox's SMTP relay; a failure names its cause",
    tags: ['email'],
    params: IdParams,
    body: z.strictObject({ to: Email }),
    response: z.strictObject({ ok: z.literal(true), smtpResponse: z.string() }),
    handler: async ({ actor, params, body, services }) => {
      const inbox = await adminsEmailInbox(services, actor, params.id);
      const row = await getSmtpRow(services.database.db, actor.accountId, inbox.id);
      if (!row)
        throw testMailError({
          code: 'smtp_not_configured',
          temporary: false,
          response: '',
          responseCode: null,
        });
      const relay = relayOf(row, services.secret);
      const t = translator(catalogue, await localeOf(services, actor));
      try {
        const { response } = await sendThroughRelay(
          relay,
          {
            from: { name: relay.fromName || inbox.name, address: relay.fromAddress },
            to: body.to,
            subject: t('emailOut.testSubject'),
            text: t('emailOut.testBody', { inbox: inbox.name }),
            messageId: messageIdFor(`test-${newId()}`, relay.fromAddress),
            headers: automaticMailHeaders('auto-generated'),
          },
          deliveryOptions(services),
        );
        return { ok: true as const, smtpResponse: response };
      } catch (err) {
        throw testMailError(classifySmtpError(err));
      }
    },
  }),
];
