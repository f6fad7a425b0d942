/**
 * The `{{variables}}` of one conversation (shared/template.ts names them), for canned replies and
 * automation messages; filled by domain/template.ts. Every known variable is present, as '' when the
 * conversation has no value for it, so an empty one is told apart from a misspelt one.
 */
import type { Executor } from '../db/client.ts';
import { parseJson } from '../presenters/index.ts';

const objectOf = (json: string | null | undefined): Record<string, unknown> => {
  const v = parseJson<unknown>(json, {});
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
};

export interface TemplateVars {
  agent: { name: string };
  contact: { name: string; email: string; phone: string; attributes: Record<string, unknown> };
  /** `id` is the number people quote (#42), the same as `displayId`. */
  conversation: { id: number; displayId: number };
  /** The conversation's custom attributes over the contact's. */
  custom: Record<string, unknown>;
  [more: string]: unknown;
}

/**
 * Variables of a conversation in the account, with `agent` = the agent writing (else the assignee),
 * or null when there is no such conversation.
 */
export async function templateVars(
  db: Executor,
  accountId: string,
  conversationId: string,
  agentId: string | null,
): Promise<TemplateVars | null> {
  const c = await db
    .selectFrom('conversations')
    .select(['id', 'display_id', 'contact_id', 'assignee_id', 'custom_attributes'])
    .where('account_id', '=', accountId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!c) return null;
  const contact = await db
    .selectFrom('contacts')
    .select(['name', 'email', 'phone', 'attributes'])
    .where('id', '=', c.contact_id)
    .executeTakeFirst();
  const userId = agentId ?? c.assignee_id;
  const agent = userId
    ? await db
        .selectFrom('users')
        .select('name')
        .where('account_id', '=', accountId)
        .where('id', '=', userId)
        .executeTakeFirst()
    : undefined;
  const attributes = objectOf(contact?.attributes);
  return {
    agent: { name: agent?.name ?? '' },
    contact: {
      name: contact?.name ?? '',
      email: contact?.email ?? '',
      phone: contact?.phone ?? '',
      attributes,
    },
    conversation: { id: Number(c.display_id), displayId: Number(c.display_id) },
    custom: { ...attributes, ...objectOf(c.custom_attributes) },
  };
}
