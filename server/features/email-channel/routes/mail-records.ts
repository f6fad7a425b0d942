/**
 * What the inbound half keeps beside the conversation, for the console:
 * - `GET /api/v1/conversations/:id/messages/:messageId/eml`: the raw mail as received (audit,
 *   re-parse), decrypted on the way out, served as a download; agents only for conversations they
 *   may see (the core's guard on `/api/v1/conversations/:id`), 404 once the contact was erased.
 * - `GET /api/v1/email/merge-suggestions`: contacts that are probably one person (same address, one
 *   from mail that could not be verified), for supervisors and admins (who may merge contacts).
 */
import { z } from 'zod';
import { notFound } from '../../../core/errors.ts';
import { defineRoute } from '../../../core/http/route.ts';
import { pathId } from '../../../core/http/schemas.ts';
import { authorize } from '../../../core/policies/can.ts';
import { readRawMail } from '../store/raw-mail.ts';

const Suggestion = z.strictObject({
  id: z.string(),
  contactId: z.string(),
  candidateId: z.string(),
  address: z.string(),
  reason: z.literal('same_email_unverified'),
  createdAt: z.string(),
});

export const mailRecordRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/conversations/:id/messages/:messageId/eml',
    auth: 'user',
    summary: 'The raw mail (.eml) a message was stored from',
    tags: ['email'],
    params: z.strictObject({ id: z.string(), messageId: z.string() }),
    produces: ['message/rfc822'],
    handler: async ({ actor, params, reply, services }) => {
      authorize(actor, 'conversation.read');
      const id = pathId(params.id);
      const messageId = pathId(params.messageId);
      const message =
        id && messageId
          ? await services.database.db
              .selectFrom('messages')
              .select('id')
              .where('account_id', '=', actor.accountId)
              .where('conversation_id', '=', id)
              .where('id', '=', messageId)
              .executeTakeFirst()
          : undefined;
      const raw =
        message &&
        (await readRawMail(
          services.database.db,
          services.storage,
          services.secret,
          actor.accountId,
          message.id,
        ));
      if (!raw) throw notFound('mail');
      return reply
        .type('message/rfc822')
        .header('content-disposition', `attachment; filename="${message!.id}.eml"`)
        .send(raw);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/email/merge-suggestions',
    auth: 'user',
    summary: 'Contacts that are probably one person (same email address, one not verified)',
    tags: ['email'],
    response: z.strictObject({ suggestions: z.array(Suggestion) }),
    handler: async ({ actor, services }) => {
      authorize(actor, 'contact.merge');
      const rows = await services.database.db
        .selectFrom('email_merge_suggestions as s')
        .innerJoin('contacts as a', 'a.id', 's.contact_id')
        .innerJoin('contacts as b', 'b.id', 's.candidate_id')
        .selectAll('s')
        .where('s.account_id', '=', actor.accountId)
        .where('a.merged_into_id', 'is', null)
        .where('b.merged_into_id', 'is', null)
        .orderBy('s.created_at', 'desc')
        .limit(100)
        .execute();
      return {
        suggestions: rows.map((r) => ({
          id: r.id,
          contactId: r.contact_id,
          candidateId: r.candidate_id,
          address: r.address,
          reason: r.reason,
          createdAt: new Date(Number(r.created_at)).toISOString(),
        })),
      };
    },
  }),
];
