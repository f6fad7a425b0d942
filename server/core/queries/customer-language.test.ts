/**
 * One language per conversation for what Kefu writes to the customer: what they write in (the affect
 * registry; a stub here), else what their widget reported (the browser's language), else the
 * account's. A handover started without a language (an automation rule, the bot) uses it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededAccount, type TestApp, testApp } from '../../test/test-app.ts';
import { execute } from '../commands/context.ts';
import { HANDOVER_NOTICE, requestHuman } from '../commands/request-human.ts';
import { setAffectSource } from '../kit/affect-registry.ts';
import { customerLanguage, customerLocale } from './customer-language.ts';

let app: TestApp;
let acct: SeededAccount;
/** Conversation id → the language "detected" in the customer's messages. */
const detected = new Map<string, string | null>();

beforeAll(async () => {
  app = await testApp({ RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '500' });
  acct = await app.seedAccount();
  setAffectSource(async (_db, _accountId, conversationId) =>
    detected.has(conversationId)
      ? { anger: 0, emotion: null, language: detected.get(conversationId) ?? null, intent: null }
      : null,
  );
});
afterAll(async () => {
  setAffectSource(null);
  await app?.stop();
});

/** A visitor whose widget reports `locale` (or none) writes something that is in no language. */
async function visitor(locale?: 'en' | 'zh-CN') {
  const s = await app.api('POST', '/widget/v1/sessions', {
    body: { inboxToken: acct.inboxToken, ...(locale ? { locale } : {}) },
  });
  const sent = await app.api('POST', '/widget/v1/messages', {
    token: s.body.visitorToken,
    body: { content: '10086', clientMessageId: `c-${Math.random().toString(36).slice(2)}` },
  });
  expect(sent.status).toBe(201);
  // with the bot, as when a rule or the bot itself hands it over
  await app.services.database.db
    .updateTable('conversations')
    .set({ mode: 'bot' })
    .where('id', '=', sent.body.conversation.id)
    .execute();
  return { token: s.body.visitorToken as string, conversationId: sent.body.conversation.id };
}

const db = () => app.services.database.db;
const setAccountLocale = (locale: string) =>
  db().updateTable('accounts').set({ locale }).where('id', '=', acct.accountId).execute();

describe("the conversation's customer language", () => {
  it.each([
    [{ detected: 'en', contactLocale: 'zh-CN', accountLocale: 'zh-CN' }, 'en'],
    [{ detected: null, contactLocale: 'en-US', accountLocale: 'zh-CN' }, 'en'],
    [{ detected: null, contactLocale: null, accountLocale: 'en' }, 'en'],
    [{ detected: 'zh', contactLocale: 'en', accountLocale: 'en' }, 'zh-CN'],
    [{ detected: 'other', contactLocale: 'en-GB', accountLocale: 'zh-CN' }, 'en'],
    [{ detected: null, contactLocale: 'zh-TW', accountLocale: 'en' }, 'zh-CN'],
    [{ detected: null, contactLocale: 'fr', accountLocale: 'en' }, 'en'],
    [{}, 'zh-CN'],
  ] as const)('%j → %s', (signals, expected) => {
    expect(customerLocale(signals)).toBe(expected);
  });

  it('what the customer writes in, else what their widget reported, else the account language', async () => {
    await setAccountLocale('zh-CN');
    const en = await visitor('en');
    expect(await customerLanguage(db(), acct.accountId, en.conversationId)).toBe('en');
    detected.set(en.conversationId, 'zh');
    expect(await customerLanguage(db(), acct.accountId, en.conversationId)).toBe('zh-CN');

    const none = await visitor();
    expect(await customerLanguage(db(), acct.accountId, none.conversationId)).toBe('zh-CN');
    await setAccountLocale('en');
    expect(await customerLanguage(db(), acct.accountId, none.conversationId)).toBe('en');
    await setAccountLocale('zh-CN');

    // a later session reports another language (the visitor's browser changed): it is kept
    await app.api('POST', '/widget/v1/sessions', {
      body: { inboxToken: acct.inboxToken, visitorToken: none.token, locale: 'en' },
    });
    expect(await customerLanguage(db(), acct.accountId, none.conversationId)).toBe('en');
  });

  it('a handover without a language (an automation rule) tells the customer in theirs', async () => {
    const rule = { kind: 'system' as const, accountId: acct.accountId };
    const en = await visitor('en');
    const r = await execute(app.services, rule, requestHuman, {
      conversationId: en.conversationId,
      reason: 'rule',
    });
    expect(r.changed).toBe(true);
    const notice = await db()
      .selectFrom('messages')
      .select('content')
      .where('conversation_id', '=', en.conversationId)
      .where('seq', '=', Number(r.conversation.last_seq))
      .executeTakeFirstOrThrow();
    expect(notice.content).toBe(HANDOVER_NOTICE.en);

    const zh = await visitor('en');
    detected.set(zh.conversationId, 'zh'); // they write Chinese in an English browser
    const r2 = await execute(app.services, rule, requestHuman, {
      conversationId: zh.conversationId,
      reason: 'rule',
    });
    const notice2 = await db()
      .selectFrom('messages')
      .select('content')
      .where('conversation_id', '=', zh.conversationId)
      .where('seq', '=', Number(r2.conversation.last_seq))
      .executeTakeFirstOrThrow();
    expect(notice2.content).toBe(HANDOVER_NOTICE.zh);
  });
});
