/** POST /widget/v1/handover: talk to a human. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../../core/commands/context.ts';
import { sendMessage } from '../../../core/commands/send-message.ts';
import { type SeededAccount, type TestApp, waitFor } from '../../../test/test-app.ts';
import {
  inboxSettings,
  visitorWithConversation,
  widgetApp,
  type WidgetApp,
} from '../test/widget.ts';

let w: WidgetApp;
let app: TestApp;
let acct: SeededAccount;

beforeAll(async () => {
  w = await widgetApp({ agentOnline: true });
  ({ app, acct } = w);
});
afterAll(async () => {
  await w?.app.stop();
});

describe('talk to a human', () => {
  it('hands a bot conversation to humans at once and tells the visitor in their language', async () => {
    await inboxSettings(w, { bot: { mode: 'on' } });
    try {
      // a message in no language: the notice follows the language the widget reports
      const v = await visitorWithConversation(w, '10086');
      const system = { kind: 'system' as const, accountId: acct.accountId };
      await execute(app.services, system, sendMessage, {
        conversationId: v.conversationId,
        content: 'I am a bot',
        asBot: true,
      });
      const socket = await app.visitorSocket(v.token);
      const seen = waitFor<{ message: { id: string; attributes: { kind?: string } } }>(
        socket,
        'message',
        (p) => p.message.attributes.kind === 'handover',
      );
      const res = await app.api('POST', '/widget/v1/handover', {
        token: v.token,
        body: { locale: 'en' },
      });
      expect(res.status).toBe(200);
      expect(res.body.conversation.mode).toBe('human');
      expect(res.body.message).toMatchObject({
        type: 'outgoing',
        sender: { type: 'system' },
        attributes: { kind: 'handover', reason: 'customer_request' },
      });
      expect(res.body.message.content).toMatch(/human agent/);
      expect((await seen).message.id).toBe(res.body.message.id);
      const events = await app.services.database.db
        .selectFrom('events')
        .select(['type', 'payload'])
        .where('conversation_id', '=', v.conversationId)
        .execute();
      expect(
        events.some(
          (e) =>
            e.type === 'conversation.handover_requested' &&
            JSON.parse(e.payload).reason === 'customer_request',
        ),
      ).toBe(true);
      const zh = await app.api('POST', '/widget/v1/handover', {
        token: v.token,
        body: { locale: 'zh-CN' },
      });
      expect(zh.body.message.content).toMatch(/人工客服/);
    } finally {
      await inboxSettings(w, { bot: { mode: 'off' } });
    }
  });

  it('without a conversation → 404; without a visitor token → 401; bad locale → 400', async () => {
    const v = await app.visitor(acct.inboxToken);
    expect(
      (await app.api('POST', '/widget/v1/handover', { token: v.token, body: {} })).status,
    ).toBe(404);
    expect((await app.api('POST', '/widget/v1/handover', { body: {} })).status).toBe(401);
    expect(
      (await app.api('POST', '/widget/v1/handover', { token: v.token, body: { locale: 'fr' } }))
        .status,
    ).toBe(400);
  });
});
