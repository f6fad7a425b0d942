/** Helpers of the redaction suites: a widget customer who writes, reading rows back. */
import type { SeededAccount, TestApp } from '../../../test/test-app.ts';

let n = 0;

/** A new widget visitor of the account writes `text`; the stored message and conversation. */
export async function customerWrites(
  t: TestApp,
  acct: SeededAccount,
  text: string,
  visitor?: { token: string; contactId: string },
): Promise<{
  token: string;
  contactId: string;
  messageId: string;
  conversationId: string;
  content: string;
}> {
  const v = visitor ?? (await t.visitor(acct.inboxToken));
  const r = await t.api('POST', '/widget/v1/messages', {
    token: v.token,
    body: { content: text, clientMessageId: `r-${++n}-${Date.now()}` },
  });
  if (r.status !== 201) throw new Error(`message ${r.status} ${JSON.stringify(r.body)}`);
  return {
    ...v,
    messageId: r.body.message.id,
    conversationId: r.body.conversation.id,
    content: r.body.message.content,
  };
}

export const storedContent = async (t: TestApp, messageId: string) =>
  (
    await t.services.database.db
      .selectFrom('messages')
      .select(['content', 'content_attributes'])
      .where('id', '=', messageId)
      .executeTakeFirstOrThrow()
  ).content;

/** Every event payload of the account, as stored text. */
export const eventPayloads = async (t: TestApp, accountId: string) =>
  (
    await t.services.database.db
      .selectFrom('events')
      .select(['type', 'payload'])
      .where('account_id', '=', accountId)
      .execute()
  ).map((e) => `${e.type} ${e.payload}`);
