/** Reads of the app's users: a contact by its inbox-scoped external id, and back. */
import type { Executor } from '../../../core/db/client.ts';
import type { Contact } from '../../../core/db/types.ts';
import { EXTERNAL_ID_KIND, externalIdentity, externalIdOf } from '../domain/identity.ts';

/** The contact the app knows as `externalId` in this inbox (merges followed), if any. */
export async function contactByExternalId(
  db: Executor,
  accountId: string,
  inboxId: string,
  externalId: string,
): Promise<Contact | undefined> {
  const identity = externalIdentity(inboxId, externalId);
  let contact = await db
    .selectFrom('contact_identities')
    .innerJoin('contacts', 'contacts.id', 'contact_identities.contact_id')
    .selectAll('contacts')
    .where('contact_identities.account_id', '=', accountId)
    .where('contact_identities.kind', '=', identity.kind)
    .where('contact_identities.value', '=', identity.value)
    .executeTakeFirst();
  for (let i = 0; contact?.merged_into_id && i < 10; i++)
    contact = await db
      .selectFrom('contacts')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('id', '=', contact.merged_into_id)
      .executeTakeFirst();
  return contact;
}

/** The app's id of a contact in this inbox (the oldest when merges gave it several); null if none. */
export async function externalIdOfContact(
  db: Executor,
  accountId: string,
  inboxId: string,
  contactId: string,
): Promise<string | null> {
  const rows = await db
    .selectFrom('contact_identities')
    .select('value')
    .where('account_id', '=', accountId)
    .where('contact_id', '=', contactId)
    .where('kind', '=', EXTERNAL_ID_KIND)
    .orderBy('created_at')
    .execute();
  for (const r of rows) {
    const id = externalIdOf(inboxId, r.value);
    if (id !== null) return id;
  }
  return null;
}
