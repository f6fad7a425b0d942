/**
 * Automatic mail (the bot, auto-replies, CSAT, rules) passes the loop and bounce gate: an address
 * the inbound half marked bounced, a customer mail that was itself automatic, or too many
 * automatic mails to one address within the hour — the message stays in the conversation, the
 * mail is not sent and says why. A person's reply still goes (to a bounced address with a warning).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../../core/commands/context.ts';
import { sendMessage } from '../../../core/commands/send-message.ts';
import { systemActor } from '../../../core/policies/actor.ts';
import { markBounced } from './record-attempt.ts';
import { startRelay, type TestRelay } from './test/relay.ts';
import {
  agentReplies,
  customerWrites,
  type OutboundApp,
  outboundApp,
  outboxIn,
  setRelay,
} from './test/outbound-app.ts';

let o: OutboundApp;
let relay: TestRelay;

beforeAll(async () => {
  o = await outboundApp({ EMAIL_AUTO_MAIL_PER_HOUR: '2' });
  relay = await startRelay();
  await setRelay(o, relay.port);
});
afterAll(async () => {
  await relay?.stop();
  await o?.app.stop();
});

const botSays = (conversationId: string, content: string) =>
  execute(o.app.services, systemActor(o.acct.accountId, 'ai'), sendMessage, {
    conversationId,
    content,
    asBot: true,
  }).then((r) => r.message);

const sentTexts = () => relay.mails.map((m) => m.parsed.text?.split('\n')[0]);

describe('the gate for automatic mail', () => {
  it('a bounced address gets no automatic mail; a person’s reply goes with a warning', async () => {
    const conversationId = await customerWrites(o, {
      from: 'gone@customer.example',
      messageId: '<b-1@customer.example>',
    });
    await o.app.services.database.db
      .insertInto('email_address_state')
      .values({
        account_id: o.acct.accountId,
        address: 'gone@customer.example',
        state: 'bounced',
        bounces: 1,
        last_status: '5.1.1',
        last_action: 'failed',
        last_diagnostic: '550 5.1.1 user unknown',
        updated_at: Date.now(),
      })
      .execute();
    const bot = await botSays(conversationId, 'Automatic answer that must not go.');
    const suppressed = await outboxIn(o, bot.id, 'failed');
    expect(suppressed).toMatchObject({ attempts: 0, last_code: 'email_address_bounced' });

    const human = await agentReplies(o, conversationId, 'A person writes anyway.');
    const sent = await outboxIn(o, human.id, 'sent');
    expect(sent.warning).toBe('email_address_bounced');
    const messages = await o.app.api('GET', `/api/v1/conversations/${conversationId}/messages`, {
      session: o.agent,
    });
    const byId = new Map(messages.body.data.map((m: { id: string }) => [m.id, m]));
    expect(byId.get(human.id)).toMatchObject({
      status: 'sent',
      attributes: { email: { delivery: { state: 'sent', warning: 'email_address_bounced' } } },
    });
    expect(byId.get(bot.id)).toMatchObject({
      status: 'failed',
      attributes: { email: { delivery: { state: 'failed', code: 'email_address_bounced' } } },
    });
    expect(sentTexts()).toContain('A person writes anyway.');
    expect(sentTexts()).not.toContain('Automatic answer that must not go.');
  });

  it('never answers automatic mail automatically (no mail loop)', async () => {
    const conversationId = await customerWrites(o, {
      from: 'vacation@customer.example',
      messageId: '<ooo-1@customer.example>',
      subject: 'Out of office',
      automatic: true,
    });
    const bot = await botSays(conversationId, 'Bot answer to an out-of-office.');
    expect(await outboxIn(o, bot.id, 'failed')).toMatchObject({ last_code: 'email_auto_loop' });
    const human = await agentReplies(o, conversationId, 'A person may still answer it.');
    await outboxIn(o, human.id, 'sent');
    expect(sentTexts()).not.toContain('Bot answer to an out-of-office.');
  });

  it('sends one address at most the hour’s allowance of automatic mail', async () => {
    const conversationId = await customerWrites(o, {
      from: 'chatty@customer.example',
      messageId: '<chatty-1@customer.example>',
    });
    const first = await botSays(conversationId, 'Automatic 1');
    await outboxIn(o, first.id, 'sent');
    const second = await botSays(conversationId, 'Automatic 2');
    await outboxIn(o, second.id, 'sent');
    const third = await botSays(conversationId, 'Automatic 3');
    expect(await outboxIn(o, third.id, 'failed')).toMatchObject({
      last_code: 'email_auto_rate_limited',
    });
    const list = await o.app.api('GET', '/api/v1/email/outbox', { session: o.owner });
    const item = list.body.data.find((x: { messageId: string }) => x.messageId === third.id);
    expect(item).toMatchObject({ automatic: true, code: 'email_auto_rate_limited' });
    expect(item.explanation['zh-CN']).toContain('一小时');
    // a person is never rate limited
    const human = await agentReplies(o, conversationId, 'Human after the limit.');
    await outboxIn(o, human.id, 'sent');
  });
});

describe('a delivery report for a sent mail', () => {
  it('marks it bounced on the message and in the outbox; an admin may send it again', async () => {
    const conversationId = await customerWrites(o, {
      from: 'moved@customer.example',
      messageId: '<dsn-1@customer.example>',
    });
    const human = await agentReplies(o, conversationId, 'This one will bounce.');
    await outboxIn(o, human.id, 'sent');
    const changed = await execute(
      o.app.services,
      systemActor(o.acct.accountId, 'email'),
      markBounced,
      {
        kefuMessageId: human.id,
        diagnostic: 'smtp; 550 5.1.1 mailbox unavailable',
      },
    );
    expect(changed).toBe(true);
    const row = await outboxIn(o, human.id, 'bounced');
    expect(row).toMatchObject({ last_code: 'email_bounced' });
    const list = await o.app.api('GET', '/api/v1/email/outbox?state=bounced', { session: o.owner });
    const item = list.body.data.find((x: { messageId: string }) => x.messageId === human.id);
    expect(item.explanation.en).toContain('550 5.1.1 mailbox unavailable');
    const messages = await o.app.api('GET', `/api/v1/conversations/${conversationId}/messages`, {
      session: o.agent,
    });
    expect(messages.body.data.find((m: { id: string }) => m.id === human.id)).toMatchObject({
      status: 'failed',
      attributes: { email: { delivery: { state: 'bounced', code: 'email_bounced' } } },
    });
    // a report about mail that is not (or no longer) sent changes nothing
    const again = await execute(
      o.app.services,
      systemActor(o.acct.accountId, 'email'),
      markBounced,
      {
        kefuMessageId: human.id,
        diagnostic: null,
      },
    );
    expect(again).toBe(false);
    const retry = await o.app.api('POST', `/api/v1/email/outbox/${item.id}/retry`, {
      session: o.owner,
    });
    expect(retry.body).toMatchObject({ state: 'pending' });
    await outboxIn(o, human.id, 'sent');
  });
});
