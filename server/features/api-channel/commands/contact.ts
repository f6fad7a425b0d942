/**
 * The app's user as a contact: found by the inbox-scoped external id or created, with the name,
 * email and phone the app sent. Email and phone become identities of this contact only when no
 * other contact holds them: an address the app vouches for never merges two people silently.
 */
import { execute, type CommandContext } from '../../../core/commands/context.ts';
import {
  addIdentity,
  findOrCreateContact,
  updateContact,
} from '../../../core/commands/contacts.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import type { Services } from '../../../core/services.ts';
import { externalIdentity, profileChanges, type ProfileInput } from '../domain/identity.ts';
import { contactByExternalId } from '../store/contacts.ts';

export interface ApiContactInput extends ProfileInput {
  inboxId: string;
  externalId: string;
}

/** A concurrent first request for the same person stored its identity first (PostgreSQL): run again. */
class ContactRace extends Error {}

export async function upsertApiContact(
  ctx: CommandContext,
  input: ApiContactInput,
): Promise<{ contactId: string; created: boolean }> {
  const identity = externalIdentity(input.inboxId, input.externalId);
  const email = input.email?.toLowerCase();
  const { contact, created } = await findOrCreateContact(ctx, {
    identity,
    name: input.name,
    email,
    phone: input.phone,
  });
  if (created) {
    // ON CONFLICT DO NOTHING waited for the other transaction: its identity row wins, ours rolls back
    const owner = await ctx.tx
      .selectFrom('contact_identities')
      .select('contact_id')
      .where('account_id', '=', ctx.accountId)
      .where('kind', '=', identity.kind)
      .where('value', '=', identity.value)
      .executeTakeFirst();
    if (owner?.contact_id !== contact.id) throw new ContactRace();
    if (email) await addIdentity(ctx, contact.id, 'email', email);
    if (input.phone) await addIdentity(ctx, contact.id, 'phone', input.phone);
    return { contactId: contact.id, created };
  }
  const changes = profileChanges(contact, input);
  if (Object.keys(changes).length) await updateContact(ctx, { contactId: contact.id, ...changes }); // adds email/phone identities (no merge)
  return { contactId: contact.id, created };
}

/**
 * The contact id for the app's user, writing only when the person is new or the app sent a changed
 * profile (a retry or a returning user costs one read).
 */
export async function resolveApiContact(
  services: Services,
  accountId: string,
  input: ApiContactInput,
): Promise<string> {
  const db = services.database.db;
  const known = await contactByExternalId(db, accountId, input.inboxId, input.externalId);
  if (known && !Object.keys(profileChanges(known, input)).length) return known.id;
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await execute(
        services,
        systemActor(accountId, 'api-channel'),
        upsertApiContact,
        input,
      );
      return r.contactId;
    } catch (err) {
      if (!(err instanceof ContactRace) || attempt >= 3) throw err;
    }
  }
}
