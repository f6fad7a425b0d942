/** Contacts: search, profile with identities and cross-channel history, edit, merge. */
import { z } from 'zod';
import { sql, type SqlBool } from 'kysely';
import { execute } from '../../commands/context.ts';
import { findOrCreateContact, mergeContacts, updateContact } from '../../commands/contacts.ts';
import { badInput, notFound } from '../../errors.ts';
import { authorize } from '../../policies/can.ts';
import { visibilityOf } from '../../policies/visibility.ts';
import { presentContact } from '../../presenters/index.ts';
import { decodeCursor, encodeCursor, listConversations } from '../../queries/conversations.ts';
import { defineRoute } from '../route.ts';
import { Attributes, Email, Id, IdParams, Limit, pathId } from '../schemas.ts';
import { ContactDetailSchema, ContactSchema } from '../../../../shared/dto.ts';
import { ContactPage } from '../responses.ts';

const idOr404 = (raw: string) => {
  const id = pathId(raw);
  if (!id) throw notFound('contact');
  return id;
};

const ContactPatch = z.strictObject({
  name: z.string().trim().max(200).nullable().optional(),
  email: Email.nullable().optional(),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[+0-9 ()-]*$/, 'digits, spaces, + ( ) - only')
    .nullable()
    .optional(),
  attributes: Attributes.optional(),
});

export const contactRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/contacts',
    auth: 'user',
    summary: 'Search contacts by name, email or phone',
    tags: ['contacts'],
    response: ContactPage,
    query: z.strictObject({
      q: z.string().trim().max(200).optional(),
      limit: Limit,
      cursor: z.string().max(500).optional(),
    }),
    handler: async ({ actor, query, services }) => {
      authorize(actor, 'contact.read');
      const cursor = query.cursor ? decodeCursor(query.cursor) : null;
      const pattern = query.q
        ? `%${query.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`
        : null;
      const rows = await services.database.db
        .selectFrom('contacts')
        .selectAll()
        .where('account_id', '=', actor.accountId)
        .where('merged_into_id', 'is', null)
        .$if(!!pattern, (qb) =>
          qb.where(
            sql<SqlBool>`(lower(coalesce(name,'')) like ${pattern} escape '\\' or lower(coalesce(email,'')) like ${pattern} escape '\\' or coalesce(phone,'') like ${pattern} escape '\\')`,
          ),
        )
        .$if(!!cursor, (qb) =>
          qb.where((eb) =>
            eb.or([
              eb('updated_at', '<', cursor!.t),
              eb.and([eb('updated_at', '=', cursor!.t), eb('id', '<', cursor!.id)]),
            ]),
          ),
        )
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit + 1)
        .execute();
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        data: page.map((r) => presentContact(r)),
        nextCursor:
          rows.length > query.limit && last
            ? encodeCursor({ t: Number(last.updated_at), id: last.id })
            : null,
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/contacts',
    auth: 'user',
    summary: 'Create (or find) a contact by external id or email',
    tags: ['contacts'],
    response: ContactSchema,
    status: 201,
    body: ContactPatch.extend({ externalId: z.string().trim().min(1).max(200).optional() }),
    handler: async ({ actor, body, services }) => {
      authorize(actor, 'contact.update');
      const identity = body.externalId
        ? { kind: 'external_id' as const, value: body.externalId }
        : body.email
          ? { kind: 'email' as const, value: body.email.toLowerCase() }
          : null;
      if (!identity) throw badInput('invalid_request', 'Give an externalId or an email.');
      const { contact } = await execute(services, actor, findOrCreateContact, {
        identity,
        name: body.name,
        email: body.email,
        phone: body.phone,
        attributes: body.attributes,
      });
      return presentContact(contact);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/contacts/:id',
    auth: 'user',
    summary: 'A contact with identities and conversations across channels',
    tags: ['contacts'],
    response: ContactDetailSchema,
    params: IdParams,
    handler: async ({ actor, params, services }) => {
      authorize(actor, 'contact.read');
      const db = services.database.db;
      const c = await db
        .selectFrom('contacts')
        .selectAll()
        .where('account_id', '=', actor.accountId)
        .where('id', '=', idOr404(params.id))
        .executeTakeFirst();
      if (!c) throw notFound('contact');
      const identities = await db
        .selectFrom('contact_identities')
        .select(['kind', 'value'])
        .where('contact_id', '=', c.id)
        .orderBy('created_at')
        .execute();
      const conversations = await listConversations(db, {
        accountId: actor.accountId,
        viewerId: actor.kind === 'user' ? actor.userId : null,
        contactId: c.id,
        limit: 50,
        visibility: await visibilityOf(db, actor),
      });
      return {
        ...presentContact(c, identities),
        mergedIntoId: c.merged_into_id,
        conversations: conversations.data,
      };
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/contacts/:id',
    auth: 'user',
    summary: 'Edit a contact (attributes are merged; null removes one)',
    tags: ['contacts'],
    response: ContactSchema,
    params: IdParams,
    body: ContactPatch,
    handler: async ({ actor, params, body, services }) =>
      presentContact(
        await execute(services, actor, updateContact, { contactId: idOr404(params.id), ...body }),
      ),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/contacts/:id/merge',
    auth: 'user',
    summary: 'Merge another contact into this one',
    tags: ['contacts'],
    response: ContactSchema,
    params: IdParams,
    body: z.strictObject({ sourceId: Id }),
    handler: async ({ actor, params, body, services }) =>
      presentContact(
        await execute(services, actor, mergeContacts, {
          targetId: idOr404(params.id),
          sourceId: body.sourceId,
        }),
      ),
  }),
];
