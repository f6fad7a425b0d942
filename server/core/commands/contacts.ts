/** Contacts: find-or-create by channel identity, update profile and attributes, merge two contacts. */
import type { Contact } from '../db/types.ts';
import { badInput, notFound } from '../errors.ts';
import { newId } from '../lib/ids.ts';
import { authorize } from '../policies/can.ts';
import { presentContact, parseJson } from '../presenters/index.ts';
import type { CommandContext } from './context.ts';

export type IdentityKind = 'visitor' | 'email' | 'phone' | 'wechat_openid' | 'external_id';

export interface FindOrCreateContactInput {
  identity: { kind: IdentityKind; value: string };
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  attributes?: Record<string, unknown>;
}

export async function findOrCreateContact(
  ctx: CommandContext,
  input: FindOrCreateContactInput,
): Promise<{ contact: Contact; created: boolean }> {
  const found = await ctx.tx
    .selectFrom('contact_identities')
    .innerJoin('contacts', 'contacts.id', 'contact_identities.contact_id')
    .selectAll('contacts')
    .where('contact_identities.account_id', '=', ctx.accountId)
    .where('contact_identities.kind', '=', input.identity.kind)
    .where('contact_identities.value', '=', input.identity.value)
    .executeTakeFirst();
  if (found) return { contact: await followMerges(ctx, found), created: false };
  const contact: Contact = {
    id: newId(ctx.now),
    account_id: ctx.accountId,
    name: input.name ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    attributes: JSON.stringify(input.attributes ?? {}),
    merged_into_id: null,
    created_at: ctx.now,
    updated_at: ctx.now,
    last_seen_at: ctx.now,
  };
  await ctx.tx.insertInto('contacts').values(contact).execute();
  await addIdentity(ctx, contact.id, input.identity.kind, input.identity.value);
  await ctx.events.record('contact.created', { contact: presentContact(contact) });
  return { contact, created: true };
}

async function followMerges(ctx: CommandContext, contact: Contact): Promise<Contact> {
  let c = contact;
  for (let i = 0; c.merged_into_id && i < 10; i++) {
    const next = await ctx.tx
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', c.merged_into_id)
      .executeTakeFirst();
    if (!next) break;
    c = next;
  }
  return c;
}

export async function addIdentity(
  ctx: CommandContext,
  contactId: string,
  kind: string,
  value: string,
): Promise<void> {
  await ctx.tx
    .insertInto('contact_identities')
    .values({
      id: newId(ctx.now),
      account_id: ctx.accountId,
      contact_id: contactId,
      kind,
      value,
      created_at: ctx.now,
    })
    .onConflict((oc) => oc.columns(['account_id', 'kind', 'value']).doNothing())
    .execute();
}

export interface UpdateContactInput {
  contactId: string;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  attributes?: Record<string, unknown>;
}

export async function updateContact(
  ctx: CommandContext,
  input: UpdateContactInput,
): Promise<Contact> {
  if (ctx.actor.kind === 'user') authorize(ctx.actor, 'contact.update');
  if (ctx.actor.kind === 'contact' && ctx.actor.contactId !== input.contactId)
    throw notFound('contact');
  const current = await loadContact(ctx, input.contactId);
  const attributes: Record<string, unknown> | undefined = input.attributes
    ? { ...parseJson<Record<string, unknown>>(current.attributes, {}), ...input.attributes }
    : undefined;
  for (const [k, v] of Object.entries(attributes ?? {})) if (v === null) delete attributes![k];
  const patch = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
    ...(attributes ? { attributes: JSON.stringify(attributes) } : {}),
    updated_at: ctx.now,
  };
  const updated = await ctx.tx
    .updateTable('contacts')
    .set(patch)
    .where('id', '=', current.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (input.email) await addIdentity(ctx, current.id, 'email', input.email.toLowerCase());
  if (input.phone) await addIdentity(ctx, current.id, 'phone', input.phone);
  await ctx.events.record('contact.updated', { contact: presentContact(updated) });
  return updated;
}

export async function loadContact(ctx: CommandContext, id: string): Promise<Contact> {
  const c = await ctx.tx
    .selectFrom('contacts')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', id)
    .where('merged_into_id', 'is', null)
    .executeTakeFirst();
  if (!c) throw notFound('contact');
  return c;
}

/** Merge `sourceId` into `targetId`: identities, conversations and attachments move; the source is retired. */
export async function mergeContacts(
  ctx: CommandContext,
  input: { targetId: string; sourceId: string },
): Promise<Contact> {
  authorize(ctx.actor, 'contact.merge');
  if (input.targetId === input.sourceId)
    throw badInput('invalid_merge', 'A contact cannot be merged into itself.');
  const target = await loadContact(ctx, input.targetId);
  const source = await loadContact(ctx, input.sourceId);
  await ctx.tx
    .updateTable('contact_identities')
    .set({ contact_id: target.id })
    .where('contact_id', '=', source.id)
    .execute();
  await ctx.tx
    .updateTable('conversations')
    .set({ contact_id: target.id })
    .where('contact_id', '=', source.id)
    .execute();
  await ctx.tx
    .updateTable('messages')
    .set({ sender_id: target.id })
    .where('account_id', '=', ctx.accountId)
    .where('sender_type', '=', 'contact')
    .where('sender_id', '=', source.id)
    .execute();
  const attributes = { ...parseJson(source.attributes, {}), ...parseJson(target.attributes, {}) };
  const merged = await ctx.tx
    .updateTable('contacts')
    .set({
      name: target.name ?? source.name,
      email: target.email ?? source.email,
      phone: target.phone ?? source.phone,
      attributes: JSON.stringify(attributes),
      updated_at: ctx.now,
    })
    .where('id', '=', target.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.tx
    .updateTable('contacts')
    .set({ merged_into_id: target.id, updated_at: ctx.now })
    .where('id', '=', source.id)
    .execute();
  await ctx.events.record('contact.merged', {
    contact: presentContact(merged),
    mergedContactId: source.id,
  });
  return merged;
}
