/**
 * Who an inbound mail is from. A verified mail (DKIM/DMARC alignment, or an inbox that trusts its
 * senders) joins the contact that has the address (`contact_identities`, kind `email`) or creates
 * it with that identity. A mail that could not be verified never takes or joins an identity: it
 * lands on the address's unverified contact (created once per address), and when another contact
 * has the address a merge is suggested. Agents and our own addresses are never a requester.
 */
import { sql } from 'kysely';
import type { CommandContext } from '../../../core/commands/context.ts';
import { findOrCreateContact } from '../../../core/commands/contacts.ts';
import type { Contact } from '../../../core/db/types.ts';
import { newId } from '../../../core/lib/ids.ts';
import { presentContact } from '../../../core/presenters/index.ts';

export interface Sender {
  contactId: string;
  created: boolean;
  /** The contact that has the address, when the mail landed elsewhere (a merge is suggested). */
  suggestedMergeWith: string | null;
}

export async function resolveSender(
  ctx: CommandContext,
  input: { address: string; name: string | null; verified: boolean },
): Promise<Sender> {
  const identity = await identityContact(ctx, input.address);
  const unverified = await unverifiedContact(ctx, input.address);
  if (input.verified) {
    const { contact, created } = await findOrCreateContact(ctx, {
      identity: { kind: 'email', value: input.address },
      name: input.name,
      email: input.address,
    });
    if (unverified && unverified !== contact.id)
      await suggestMerge(ctx, unverified, contact.id, input.address);
    return { contactId: contact.id, created, suggestedMergeWith: null };
  }
  if (unverified) return { contactId: unverified, created: false, suggestedMergeWith: null };
  const contact = await createContact(ctx, input.address, input.name);
  // A concurrent first mail from the address (PostgreSQL) may have claimed it: its contact stands
  // (this transaction then fails on the message's key and runs again as a duplicate).
  const claimed = await ctx.tx
    .insertInto('email_unverified_senders')
    .values({
      account_id: ctx.accountId,
      address: input.address,
      contact_id: contact.id,
      created_at: ctx.now,
    })
    .onConflict((oc) => oc.columns(['account_id', 'address']).doNothing())
    .returning('contact_id')
    .executeTakeFirst();
  if (!claimed)
    return {
      contactId: (await unverifiedContact(ctx, input.address)) ?? contact.id,
      created: false,
      suggestedMergeWith: null,
    };
  if (identity) await suggestMerge(ctx, contact.id, identity, input.address);
  return { contactId: contact.id, created: true, suggestedMergeWith: identity };
}

async function identityContact(ctx: CommandContext, address: string): Promise<string | null> {
  const row = await ctx.tx
    .selectFrom('contact_identities')
    .innerJoin('contacts', 'contacts.id', 'contact_identities.contact_id')
    .select(['contacts.id', 'contacts.merged_into_id'])
    .where('contact_identities.account_id', '=', ctx.accountId)
    .where('contact_identities.kind', '=', 'email')
    .where('contact_identities.value', '=', address)
    .executeTakeFirst();
  return row ? (row.merged_into_id ?? row.id) : null;
}

/** The address's unverified contact (following a merge an agent made), if any. */
async function unverifiedContact(ctx: CommandContext, address: string): Promise<string | null> {
  const row = await ctx.tx
    .selectFrom('email_unverified_senders as u')
    .innerJoin('contacts as c', 'c.id', 'u.contact_id')
    .select(['c.id', 'c.merged_into_id'])
    .where('u.account_id', '=', ctx.accountId)
    .where('u.address', '=', address)
    .executeTakeFirst();
  return row ? (row.merged_into_id ?? row.id) : null;
}

async function createContact(
  ctx: CommandContext,
  email: string,
  name: string | null,
): Promise<Contact> {
  const contact: Contact = {
    id: newId(ctx.now),
    account_id: ctx.accountId,
    name,
    email,
    phone: null,
    attributes: JSON.stringify({ emailUnverified: true }),
    merged_into_id: null,
    created_at: ctx.now,
    updated_at: ctx.now,
    last_seen_at: ctx.now,
  };
  await ctx.tx.insertInto('contacts').values(contact).execute();
  await ctx.events.record('contact.created', { contact: presentContact(contact) });
  return contact;
}

async function suggestMerge(
  ctx: CommandContext,
  contactId: string,
  candidateId: string,
  address: string,
): Promise<void> {
  await ctx.tx
    .insertInto('email_merge_suggestions')
    .values({
      id: newId(ctx.now),
      account_id: ctx.accountId,
      contact_id: contactId,
      candidate_id: candidateId,
      address,
      reason: 'same_email_unverified',
      created_at: ctx.now,
    })
    .onConflict((oc) => oc.columns(['contact_id', 'candidate_id']).doNothing())
    .execute();
}

/** The account's agent (any role) whose sign-in address this is, if any. */
export async function teamMember(ctx: CommandContext, address: string): Promise<string | null> {
  const row = await ctx.tx
    .selectFrom('users')
    .select('id')
    .where('account_id', '=', ctx.accountId)
    .where(sql<string>`lower(email)`, '=', address)
    .executeTakeFirst();
  return row?.id ?? null;
}
