/**
 * Variables of automation messages and macros: the core's conversation variables
 * (core/queries/template-vars.ts: agent, contact, conversation, custom) plus `{{order.<field>}}`
 * from the contact's latest order, and the trigger's own (`{{event.<field>}}`, `{{page.<field>}}`).
 * No person reviews an automation message, so a variable that cannot be filled becomes empty here;
 * canned replies (the canned feature) are rendered for the agent, who sees what is missing.
 */
import type { Executor } from '../../../core/db/client.ts';
import { renderTemplate as render } from '../../../core/domain/template.ts';
import { templateVars as conversationVars } from '../../../core/queries/template-vars.ts';

export function renderTemplate(template: string, vars: Record<string, unknown>): string {
  return render(template, vars, { missing: 'blank' }).text;
}

/** Variables for one conversation: the core's, and the contact's latest order. */
export async function templateVars(
  db: Executor,
  accountId: string,
  conversationId: string,
  agentId: string | null,
): Promise<Record<string, unknown>> {
  const vars = await conversationVars(db, accountId, conversationId, agentId);
  if (!vars) return {};
  const attributes = vars.contact.attributes;
  const order = (
    attributes.order && typeof attributes.order === 'object'
      ? attributes.order
      : {
          id: attributes.orderId ?? attributes.order_id,
          status: attributes.orderStatus ?? attributes.order_status,
        }
  ) as Record<string, unknown>;
  return { ...vars, order };
}
