/** Canned-response variables: {{contact.name}}, {{contact.email}}, {{agent.name}}, {{conversation.id}}, {{order.<field>}}, {{contact.attributes.<key>}}. */
import type { Executor } from '../../../core/db/client.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import { getPath } from './conditions.ts';

export function renderTemplate(template: string, vars: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_.]{1,80})\s*\}\}/g, (_m, path: string) => {
    const v = getPath(vars, path);
    return v == null || typeof v === 'object' ? '' : String(v);
  });
}

/** Variables for one conversation: the contact, the agent writing (or the assignee), and the contact's latest order. */
export async function templateVars(
  db: Executor,
  accountId: string,
  conversationId: string,
  agentId: string | null,
): Promise<Record<string, unknown>> {
  const c = await db
    .selectFrom('conversations')
    .select(['id', 'display_id', 'contact_id', 'assignee_id'])
    .where('account_id', '=', accountId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!c) return {};
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
  const attributes = parseJson<Record<string, unknown>>(contact?.attributes ?? '{}', {});
  const order = (
    attributes.order && typeof attributes.order === 'object'
      ? attributes.order
      : {
          id: attributes.orderId ?? attributes.order_id,
          status: attributes.orderStatus ?? attributes.order_status,
        }
  ) as Record<string, unknown>;
  return {
    contact: {
      name: contact?.name ?? '',
      email: contact?.email ?? '',
      phone: contact?.phone ?? '',
      attributes,
    },
    agent: { name: agent?.name ?? '' },
    conversation: { id: c.display_id },
    order,
  };
}
