/** The language the visitor's widget shows, kept on their contact. */
import { execute } from '../../../core/commands/context.ts';
import { updateContact } from '../../../core/commands/contacts.ts';
import type { Actor } from '../../../core/policies/actor.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import type { Services } from '../../../core/services.ts';

/**
 * The language the widget shows (the browser's, unless the page chose one), kept as the contact's
 * `locale`: what Kefu writes to a customer who has not written yet is in it
 * (core/queries/customer-language.ts). Written only when it changed.
 */
export async function reportLocale(
  services: Services,
  actor: Extract<Actor, { kind: 'contact' }>,
  locale: 'zh-CN' | 'en',
): Promise<void> {
  const contact = await services.database.db
    .selectFrom('contacts')
    .select('attributes')
    .where('id', '=', actor.contactId)
    .executeTakeFirst();
  if (!contact || parseJson<{ locale?: unknown }>(contact.attributes, {}).locale === locale) return;
  await execute(services, actor, updateContact, {
    contactId: actor.contactId,
    attributes: { locale },
  });
}
