/**
 * The subject of an outgoing mail: the one an agent gave when starting the conversation, else
 * `Re: <the conversation's original subject>` (once), else `Re: Your request #N` in the customer's
 * language. Decided when the mail is queued and kept on the message (`attributes.email.subject`),
 * so every attempt sends the same one and the threading map records it.
 */
import { translator } from '../../../../shared/i18n.ts';
import type { Executor } from '../../../core/db/client.ts';
import { parseJson } from '../../../core/presenters/index.ts';
import { customerLanguage } from '../../../core/queries/customer-language.ts';
import { cleanSubject, replySubject } from './headers.ts';
import { catalogue } from './strings.ts';

/** The subject a message's attributes carry, if any. */
export function subjectOf(attributes: string): string | null {
  const s = parseJson<{ email?: { subject?: unknown } }>(attributes, {}).email?.subject;
  return typeof s === 'string' && s.trim() ? cleanSubject(s) : null;
}

/** The conversation's first subject (the mail that opened it, or the one an agent started it with). */
async function originalSubject(
  db: Executor,
  accountId: string,
  conversationId: string,
): Promise<string | null> {
  const rows = await db
    .selectFrom('messages')
    .select('content_attributes')
    .where('account_id', '=', accountId)
    .where('conversation_id', '=', conversationId)
    .where('message_type', 'in', ['incoming', 'outgoing'])
    .orderBy('seq')
    .limit(20)
    .execute();
  for (const r of rows) {
    const subject = subjectOf(r.content_attributes);
    if (subject) return subject;
  }
  return null;
}

export async function outgoingSubject(
  db: Executor,
  m: { accountId: string; conversationId: string; attributes: string },
): Promise<string> {
  const own = subjectOf(m.attributes);
  if (own) return own;
  const reply = replySubject(await originalSubject(db, m.accountId, m.conversationId), '');
  if (reply !== 'Re: ') return reply;
  const conversation = await db
    .selectFrom('conversations')
    .select('display_id')
    .where('id', '=', m.conversationId)
    .executeTakeFirst();
  const t = translator(catalogue, await customerLanguage(db, m.accountId, m.conversationId));
  return replySubject(
    null,
    t('emailOut.subjectFallback', { number: conversation?.display_id ?? 0 }),
  );
}
