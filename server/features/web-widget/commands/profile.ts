/** The visitor's own profile (pre-chat / offline form). */
import type { CommandContext } from '../../../core/commands/context.ts';
import type { Contact } from '../../../core/db/types.ts';
import { notFound, unauthorized } from '../../../core/errors.ts';
import { presentContact } from '../../../core/presenters/index.ts';

export interface VisitorProfileInput {
  name?: string;
  email?: string;
  phone?: string;
}

/**
 * The visitor fills in their own name / email / phone (pre-chat or offline form). These are profile
 * hints only: no email/phone identity is linked, so a visitor cannot claim another customer's history.
 */
export async function updateVisitorProfile(
  ctx: CommandContext,
  input: VisitorProfileInput,
): Promise<Contact> {
  if (ctx.actor.kind !== 'contact') throw unauthorized();
  const patch = {
    ...(input.name ? { name: input.name } : {}),
    ...(input.email ? { email: input.email } : {}),
    ...(input.phone ? { phone: input.phone } : {}),
  };
  const current = await ctx.tx
    .selectFrom('contacts')
    .selectAll()
    .where('account_id', '=', ctx.accountId)
    .where('id', '=', ctx.actor.contactId)
    .executeTakeFirst();
  if (!current) throw notFound('contact');
  if (!Object.keys(patch).length) return current;
  const updated = await ctx.tx
    .updateTable('contacts')
    .set({ ...patch, updated_at: ctx.now })
    .where('id', '=', current.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.events.record('contact.updated', { contact: presentContact(updated) });
  return updated;
}
