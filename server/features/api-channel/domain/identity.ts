/**
 * How an app's user is known in Kefu: an `external_id` identity whose value is scoped to the inbox
 * (`<inbox id>:<external id>`), so two apps (two API inboxes) never share a person by accident, and
 * the widget's verified ids (`external_id` = the raw id) stay a namespace of their own.
 */
export const EXTERNAL_ID_KIND = 'external_id' as const;

export const externalIdentity = (inboxId: string, externalId: string) => ({
  kind: EXTERNAL_ID_KIND,
  value: `${inboxId}:${externalId}`,
});

/** The app's id back from an identity value of this inbox; null for other inboxes' values. */
export function externalIdOf(inboxId: string, value: string): string | null {
  const prefix = `${inboxId}:`;
  return value.startsWith(prefix) ? value.slice(prefix.length) : null;
}

export interface ProfileInput {
  name?: string;
  email?: string;
  phone?: string;
}

/** The profile fields the app sent that differ from the stored contact (email compared lower-case). */
export function profileChanges(
  stored: { name: string | null; email: string | null; phone: string | null },
  given: ProfileInput,
): ProfileInput {
  const out: ProfileInput = {};
  if (given.name !== undefined && given.name !== stored.name) out.name = given.name;
  const email = given.email?.toLowerCase();
  if (email !== undefined && email !== stored.email?.toLowerCase()) out.email = email;
  if (given.phone !== undefined && given.phone !== stored.phone) out.phone = given.phone;
  return out;
}
