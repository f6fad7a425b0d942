/**
 * The chat widget in real Chromium, the conversation itself: a visitor writes, an agent answers
 * through the REST API / agent socket (typing, read receipts, reload, unread badge), the bot hands
 * over, the rating after resolve, and the offline outbox across a network loss. Setup:
 * test-harness.ts.
 */
import { execute } from '../../server/core/commands/context.ts';
import { sendMessage } from '../../server/core/commands/send-message.ts';
import { waitFor } from '../../server/test/test-app.ts';
import { screenshot } from '../../server/test/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  app,
  acct,
  agent,
  KEFU,
  cspErrors,
  newVisitor,
  widget,
  openWidget,
  send,
  poll,
  incomingOf,
  conversationOf,
  startWidgetHarness,
  stopWidgetHarness,
} from './widget.browser-harness.ts';

beforeAll(startWidgetHarness);
afterAll(stopWidgetHarness);

describe('chat widget in Chromium: the conversation', () => {
  it('visitor writes, agent replies (text only, safe links), typing and read receipts, history survives reload, unread badge and kefu.on', async () => {
    const { context, page } = await newVisitor();
    await openWidget(page);
    expect(await page.locator('#kefu-frame').getAttribute('src')).toContain(
      `${KEFU}/widget/app?inbox=`,
    );
    await send(page, '你好，我的订单 A1001 还没发货');
    const conversationId = await conversationOf('你好，我的订单 A1001%');
    await widget(page).locator('.k-mine .k-text', { hasText: '订单 A1001' }).waitFor();
    await widget(page).locator('.k-pending').waitFor({ state: 'detached' });

    // Agent typing reaches the visitor; the visitor's typing reaches the agent.
    const sock = await app.agentSocket(agent);
    await sock.timeout(5000).emitWithAck('conversation:join', { conversationId });
    const visitorTyping = waitFor(
      sock,
      'typing',
      (p: { from: { type: string } }) => p.from.type === 'contact',
    );
    await widget(page).locator('.k-composer textarea').pressSequentially('在吗', { delay: 20 });
    expect((await visitorTyping).from.type).toBe('contact');
    await sock.timeout(5000).emitWithAck('typing', { conversationId, typing: true });
    await widget(page).locator('.k-typing').waitFor();
    await widget(page).locator('.k-composer textarea').fill('');

    const reply = await app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      session: agent,
      body: {
        content:
          '您好！请看 https://example.com/track?id=1 ，不要点 javascript:alert(1) 或 [这个](javascript:alert(2)) <img src=x onerror=alert(3)>',
      },
    });
    expect(reply.status).toBe(201);
    const theirs = widget(page).locator('.k-theirs .k-text').last();
    await theirs.waitFor();
    await widget(page).locator('.k-typing').waitFor({ state: 'detached' });
    expect(await theirs.textContent()).toContain('<img src=x onerror=alert(3)>');
    const links = await theirs.locator('a').evaluateAll((as) =>
      as.map((a) => ({
        href: a.getAttribute('href'),
        rel: a.getAttribute('rel'),
        target: a.getAttribute('target'),
      })),
    );
    expect(links).toEqual([
      { href: 'https://example.com/track?id=1', rel: 'noopener noreferrer', target: '_blank' },
    ]);
    expect(await widget(page).locator('img[src="x"]').count()).toBe(0);

    // The open widget marks the reply read (receipt to the agents)…
    const replySeq = reply.body.seq as number;
    await poll(
      async () =>
        Number(
          (
            await app.services.database.db
              .selectFrom('conversations')
              .select('contact_last_read_seq')
              .where('id', '=', conversationId)
              .executeTakeFirstOrThrow()
          ).contact_last_read_seq,
        ),
      (n) => n >= replySeq,
    );
    // …and when the agent reads → the visitor sees "已读".
    await app.api('POST', `/api/v1/conversations/${conversationId}/read`, {
      session: agent,
      body: {},
    });
    await widget(page).locator('.k-read').first().waitFor();

    // Reload: the session and history come back, in the open chat.
    await page.reload();
    await page.locator('#kefu-frame').waitFor({ state: 'visible' }); // reopened as it was
    await widget(page).locator('.k-theirs .k-text', { hasText: 'example.com' }).waitFor();
    expect(await widget(page).locator('.k-mine .k-text', { hasText: '订单 A1001' }).count()).toBe(
      1,
    );
    // Sound toggle: off, and still off after a reload.
    await widget(page).getByRole('button', { name: '关闭提示音' }).click();
    await widget(page).locator('button[aria-pressed="false"]', { hasText: '' }).first().waitFor();
    await page.reload();
    await page.locator('#kefu-frame').waitFor({ state: 'visible' }); // reopened as it was
    await widget(page).getByRole('button', { name: '开启提示音' }).waitFor();

    // Closed widget: a reply raises the badge and fires kefu.on('message').
    await page.evaluate(() => {
      (window as unknown as { got: unknown[] }).got = [];
      (
        window as unknown as { kefu: { on: (e: string, cb: (m: unknown) => void) => void } }
      ).kefu.on('message', (m) => (window as unknown as { got: unknown[] }).got.push(m));
    });
    await page.locator('#kefu-launcher').click();
    await page.locator('#kefu-frame').waitFor({ state: 'hidden' });
    await app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      session: agent,
      body: { content: '还有其他问题吗？' },
    });
    await page.waitForFunction(
      () =>
        document.getElementById('kefu-unread')?.textContent === '1' &&
        document.getElementById('kefu-unread')?.style.display !== 'none',
    );
    const got = await page.evaluate(
      () => (window as unknown as { got: Array<{ content: string }> }).got,
    );
    expect(got.map((m) => m.content)).toEqual(['还有其他问题吗？']);
    await page.locator('#kefu-launcher').click();
    await page.waitForFunction(
      () => document.getElementById('kefu-unread')?.style.display === 'none',
    );
    await context.close();
  });

  it('"talk to a human" after a bot answer hands over and shows the notice at once', async () => {
    const { context, page } = await newVisitor({ locale: 'en-US' });
    await openWidget(page, 'en');
    await send(page, 'Where is my parcel?');
    const conversationId = await conversationOf('Where is my parcel?');
    await execute(app.services, { kind: 'system', accountId: acct.accountId }, sendMessage, {
      conversationId,
      content: 'Parcels usually arrive in 3–5 days.',
      asBot: true,
      attributes: { kind: 'bot_answer', articleIds: [], confidence: 0.8 },
    });
    await widget(page).locator('.k-theirs .k-who', { hasText: 'Assistant' }).waitFor();
    const button = widget(page).getByRole('button', { name: /Talk to a human/ });
    await button.waitFor();
    // The AI feedback endpoint may or may not exist: a 👍 either records or hides itself; never an error.
    await widget(page).getByRole('button', { name: 'Helpful', exact: true }).click();
    await widget(page)
      .getByRole('button', { name: 'Helpful', exact: true })
      .waitFor({ state: 'detached' });
    // "Did you mean" suggestions are buttons that ask the question for the visitor.
    await execute(app.services, { kind: 'system', accountId: acct.accountId }, sendMessage, {
      conversationId,
      content: 'Did you mean:',
      asBot: true,
      attributes: {
        kind: 'bot_suggestions',
        suggestions: [{ articleId: 'a1', title: 'How long does shipping take?' }],
      },
    });
    await widget(page)
      .locator('.k-suggest button', { hasText: 'How long does shipping take?' })
      .click();
    await poll(
      () => incomingOf('How long does shipping take?'),
      (r) => r.length === 1 && r[0].conversation_id === conversationId,
    );
    await button.click();
    await widget(page).locator('.k-sys', { hasText: 'human agent' }).waitFor();
    await button.waitFor({ state: 'detached' });
    const row = await app.services.database.db
      .selectFrom('conversations')
      .select('mode')
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    expect(row.mode).toBe('human');
    await context.close();
  });

  it('after resolve the rating is offered once, stored, and not offered again', async () => {
    const { context, page } = await newVisitor();
    await openWidget(page);
    await send(page, '退货怎么办理？');
    const conversationId = await conversationOf('退货怎么办理？');
    await app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      session: agent,
      body: { content: '已为您办理退货。' },
    });
    await app.api('PATCH', `/api/v1/conversations/${conversationId}`, {
      session: agent,
      body: { status: 'resolve' },
    });
    const card = widget(page).locator('.k-csat');
    await card.waitFor();
    await screenshot(page, 'widget-zh-csat-desktop');
    await card.getByRole('radio', { name: /^4 星/ }).click();
    await card.locator('textarea').fill('服务很快');
    await card.getByRole('button', { name: '提交评价' }).click();
    await widget(page).locator('.k-thanks', { hasText: '感谢您的评价' }).waitFor();
    const rows = await app.services.database.db
      .selectFrom('widget_csat')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .execute();
    expect(rows.map((r) => [Number(r.rating), r.comment])).toEqual([[4, '服务很快']]);
    await page.reload();
    await page.locator('#kefu-frame').waitFor({ state: 'visible' }); // reopened as it was
    await widget(page).locator('.k-theirs .k-text', { hasText: '已为您办理退货' }).waitFor();
    await new Promise((r) => setTimeout(r, 500));
    expect(await widget(page).locator('.k-csat').count()).toBe(0);
    await context.close();
  });

  it('network loss: messages typed offline are sent once each, in order, after reconnect', async () => {
    const { context, page } = await newVisitor();
    await openWidget(page);
    await send(page, 'online-first');
    const conversationId = await conversationOf('online-first');
    await widget(page).locator('.k-pending').waitFor({ state: 'detached' });
    await context.setOffline(true);
    await widget(page).locator('[data-testid="reconnecting"]').waitFor();
    await send(page, 'offline-one');
    await send(page, 'offline-two');
    await widget(page).locator('.k-pending').nth(1).waitFor();
    await screenshot(page, 'widget-zh-reconnecting-desktop');
    // An agent answers meanwhile: the visitor gets it on resync.
    await app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      session: agent,
      body: { content: 'while-you-were-away' },
    });
    await new Promise((r) => setTimeout(r, 800));
    await context.setOffline(false);
    await widget(page)
      .locator('[data-testid="reconnecting"]')
      .waitFor({ state: 'detached', timeout: 20_000 });
    const rows = await poll(
      () =>
        app.services.database.db
          .selectFrom('messages')
          .select(['content', 'seq'])
          .where('conversation_id', '=', conversationId)
          .where('message_type', '=', 'incoming')
          .orderBy('seq')
          .execute(),
      (r) => r.length >= 3,
      20_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    const final = await app.services.database.db
      .selectFrom('messages')
      .select(['content'])
      .where('conversation_id', '=', conversationId)
      .where('message_type', '=', 'incoming')
      .orderBy('seq')
      .execute();
    expect(final.map((r) => r.content)).toEqual(['online-first', 'offline-one', 'offline-two']);
    expect(rows.length).toBe(3);
    await widget(page).locator('.k-theirs .k-text', { hasText: 'while-you-were-away' }).waitFor();
    await widget(page).locator('.k-pending').first().waitFor({ state: 'detached' });
    // The visitor's list is in seq order with nothing missing or doubled: the agent's reply got seq 2 while the visitor was offline.
    expect(await widget(page).locator('.k-msg .k-text').allTextContents()).toEqual([
      'online-first',
      'while-you-were-away',
      'offline-one',
      'offline-two',
    ]);
    await context.close();
  });

  it('no CSP violations were reported by the widget', () => {
    expect(cspErrors).toEqual([]);
  });
});
