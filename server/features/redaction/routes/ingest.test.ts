/**
 * Redaction at ingest: an English and a Chinese message with a card and an ID number are stored
 * masked; the events (webhooks, console, AI workers) and the AI analysis never see the original;
 * phones/emails per setting (to the contact's identities); messages without PII untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededAccount, Session, TestApp } from '../../../test/test-app.ts';
import { testApp } from '../../../test/test-app.ts';
import { until } from '../../../test/wait.ts';
import { customerWrites, eventPayloads, storedContent } from '../test/helpers.ts';

let t: TestApp;
let acct: SeededAccount;
let owner: Session;

const CARD = '4111 1111 1111 1111';
const ID = '11010519491231002X';
const ORIGINALS = [CARD, '4111111111111111', ID, '4111-1111-1111-1111'];

beforeAll(async () => {
  t = await testApp();
  acct = await t.seedAccount();
  owner = await t.login(acct.users.owner.email, acct.users.owner.password);
}, 120_000);
afterAll(async () => {
  await t.stop();
});

const analysisOf = (messageId: string) =>
  until(
    () =>
      t.services.database.db
        .selectFrom('message_analyses')
        .selectAll()
        .where('message_id', '=', messageId)
        .executeTakeFirst(),
    Boolean,
    { timeoutMs: 60_000, what: 'the AI analysis' },
  );

describe('redaction at ingest', () => {
  it('an English and a Chinese message: stored masked; events and AI analysis never see the original', async () => {
    const en = await customerWrites(t, acct, `My card is ${CARD} and my ID ${ID}, thanks`);
    expect(en.content).toBe(
      'My card is [REDACTED:CARD 411111******1111] and my ID [REDACTED:ID_NUMBER], thanks',
    );
    expect(await storedContent(t, en.messageId)).toBe(en.content);
    const zh = await customerWrites(t, acct, `我的卡号是4111-1111-1111-1111，身份证${ID}。`);
    expect(zh.content).toBe(
      '我的卡号是[已隐藏:银行卡 411111******1111]，身份证[已隐藏:身份证号]。',
    );
    expect(await storedContent(t, zh.messageId)).toBe(zh.content);

    // the AI worker analysed the masked text: it found no card or ID in it
    for (const m of [en, zh]) {
      const a = (await analysisOf(m.messageId))!;
      expect(JSON.parse(a.pii_types as unknown as string)).not.toContain('bank_card');
      expect(JSON.parse(a.pii_types as unknown as string)).not.toContain('id_card');
    }
    const events = await eventPayloads(t, acct.accountId);
    expect(events.some((e) => e.startsWith('message.created'))).toBe(true);
    for (const o of ORIGINALS) expect(events.filter((e) => e.includes(o))).toEqual([]);
    const row = await t.services.database.db
      .selectFrom('messages')
      .select('content_attributes')
      .where('id', '=', en.messageId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.content_attributes)).toMatchObject({
      redaction: { types: { card: 1, id_number: 1 }, original: false },
    });
    // the agent's API shows the masked text
    const list = await t.api('GET', `/api/v1/conversations/${en.conversationId}/messages`, {
      session: owner,
    });
    expect(JSON.stringify(list.body)).not.toContain(ID);
  });

  it('a message without PII is stored as written, without redaction attributes', async () => {
    const m = await customerWrites(t, acct, '订单 SF1234567890123 什么时候到？金额 1299.00 元');
    expect(await storedContent(t, m.messageId)).toBe(
      '订单 SF1234567890123 什么时候到？金额 1299.00 元',
    );
    const row = await t.services.database.db
      .selectFrom('messages')
      .select('content_attributes')
      .where('id', '=', m.messageId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.content_attributes)).not.toHaveProperty('redaction');
  });

  it('phones and emails: kept by default; masked on request, to the identities and (if listed) the attributes', async () => {
    const kept = await customerWrites(t, acct, 'call me on 13812345678 or a.b@example.com');
    expect(kept.content).toBe('call me on 13812345678 or a.b@example.com');

    const put = await t.api('PUT', '/api/v1/redaction/settings', {
      session: owner,
      body: { types: { phone: 'mask', email: 'mask' }, attributeFields: ['email'] },
    });
    expect(put.status).toBe(200);
    expect(put.body.types).toMatchObject({ phone: 'mask', email: 'mask', card: 'mask' });
    const m = await customerWrites(t, acct, '电话 +86 138-1234-5678，邮箱 Jane.Doe@Example.com');
    expect(m.content).toBe('电话 [已隐藏:电话]，邮箱 [已隐藏:邮箱]');
    const identities = await t.services.database.db
      .selectFrom('contact_identities')
      .select(['kind', 'value'])
      .where('contact_id', '=', m.contactId)
      .orderBy('kind')
      .execute();
    expect(identities).toEqual(
      expect.arrayContaining([
        { kind: 'email', value: 'jane.doe@example.com' },
        { kind: 'phone', value: '+8613812345678' },
      ]),
    );
    const row = await t.services.database.db
      .selectFrom('messages')
      .select('content_attributes')
      .where('id', '=', m.messageId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.content_attributes).extracted).toEqual({
      email: ['jane.doe@example.com'],
    });
    // cards, IDs and secrets are never extracted
    const bad = await t.api('PUT', '/api/v1/redaction/settings', {
      session: owner,
      body: { attributeFields: ['card'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
  });

  it('a type switched off is stored as written', async () => {
    await t.api('PUT', '/api/v1/redaction/settings', {
      session: owner,
      body: { types: { card: 'off' } },
    });
    const m = await customerWrites(t, acct, `card ${CARD}, ID ${ID}`);
    expect(m.content).toBe(`card ${CARD}, ID [REDACTED:ID_NUMBER]`);
    await t.api('PUT', '/api/v1/redaction/settings', {
      session: owner,
      body: { types: { card: 'mask' } },
    });
  });
});
