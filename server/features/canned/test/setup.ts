/** Helpers of the canned suites: a customer who writes, a canned response, a render call. */
import type { Locale } from '../../../../shared/i18n.ts';
import type { SeededAccount, Session, TestApp } from '../../../test/test-app.ts';

/** A widget visitor whose browser says `locale` (none: no locale) and who writes `text`. */
export async function customerSays(
  t: TestApp,
  acct: SeededAccount,
  text: string,
  locale?: Locale,
): Promise<{ token: string; contactId: string; conversationId: string }> {
  const s = await t.api('POST', '/widget/v1/sessions', {
    body: { inboxToken: acct.inboxToken, ...(locale ? { locale } : {}) },
  });
  if (s.status !== 200 && s.status !== 201) throw new Error(`session ${s.status}`);
  const token = s.body.visitorToken as string;
  const m = await t.api('POST', '/widget/v1/messages', {
    token,
    body: { content: text, clientMessageId: `c-${Math.random().toString(36).slice(2)}` },
  });
  if (m.status !== 201) throw new Error(`message ${m.status} ${JSON.stringify(m.body)}`);
  return { token, contactId: s.body.contact.id, conversationId: m.body.conversation.id };
}

export const createCanned = async (
  t: TestApp,
  session: Session,
  shortCode: string,
  texts: Partial<Record<Locale, string>>,
) => {
  const r = await t.api('POST', '/api/v1/canned-responses', {
    session,
    body: { shortCode, texts },
  });
  if (r.status !== 201) throw new Error(`create ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; shortCode: string; texts: Partial<Record<Locale, string>> };
};

export const render = (
  t: TestApp,
  session: Session,
  body: { conversationId: string; cannedId?: string; content?: string },
) => t.api('POST', '/api/v1/canned-responses/render', { session, body });
