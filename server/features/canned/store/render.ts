/**
 * A canned response (or an agent's own text) rendered for a conversation: the text in the customer's
 * language, its `{{variables}}` filled from the conversation (core/queries/template-vars.ts), and
 * each variable that could not be filled left as written and listed, for the agent to fix before
 * sending (core/domain/template.ts).
 */
import type { Executor } from '../../../core/db/client.ts';
import { renderTemplate } from '../../../core/domain/template.ts';
import { templateVars } from '../../../core/queries/template-vars.ts';
import type { RenderedCannedDTO } from '../../../../shared/dto.ts';
import { parseTexts, pickText } from '../domain/texts.ts';
import { customerLanguage } from '../../../core/queries/customer-language.ts';
import { accountLocale as accountLocaleOf, findCanned } from './canned.ts';

export interface RenderInput {
  accountId: string;
  conversationId: string;
  /** The agent writing; null: the assignee. */
  agentId: string | null;
  /** A canned response, or `content` (text the agent wrote). */
  cannedId?: string;
  content?: string;
}

/** Null when the conversation or the canned response is not in the account. */
export async function renderFor(
  db: Executor,
  input: RenderInput,
): Promise<RenderedCannedDTO | null> {
  const vars = await templateVars(db, input.accountId, input.conversationId, input.agentId);
  if (!vars) return null;
  // one after the other: `db` may be a transaction (one connection)
  const language = await customerLanguage(db, input.accountId, input.conversationId);
  const accountLocale = await accountLocaleOf(db, input.accountId);
  let text = input.content ?? '';
  let textLanguage = language;
  if (input.cannedId) {
    const row = await findCanned(db, input.accountId, input.cannedId);
    const picked = row && pickText(parseTexts(row.texts), language, accountLocale);
    if (!picked) return null;
    text = picked.text;
    textLanguage = picked.language;
  }
  const r = renderTemplate(text, vars, { missing: 'keep' });
  return { content: r.text, language, textLanguage, missing: r.missing };
}
