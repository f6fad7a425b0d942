/**
 * The chat widget in real Chromium, beyond plain chat: the pre-chat and offline forms, identify()
 * with an HMAC, attachments, the queue position, and knowledge-base articles. Setup:
 * test-harness.ts.
 */
import { rooms } from '../../server/core/realtime/gateway.ts';
import { backgroundSettled } from '../../server/test/wait.ts';
import { createHmac } from 'node:crypto';
import { screenshot } from '../../server/test/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  app,
  acct,
  agent,
  admin,
  PAGE,
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

describe('chat widget in Chromium: forms, identity, queue and articles', () => {
  it('pre-chat form and the offline form (nobody online)', async () => {
    await app.api('PATCH', `/api/v1/inboxes/${acct.inboxId}`, {
      session: admin,
      body: {
        settings: {
          preChatForm: { enabled: true, fields: ['name', 'email'], required: ['email'] },
        },
      },
    });
    try {
      const { context, page } = await newVisitor({ locale: 'en-US' });
      await page.goto(`${PAGE}/?lang=en`);
      await page.locator('#kefu-launcher').click();
      const form = widget(page).locator('.k-form'); // the composer is hidden behind the form
      await form.waitFor();
      await form.getByRole('button', { name: 'Start chat' }).click();
      await form.getByRole('alert').first().waitFor();
      await form.getByLabel('Name').fill('Lily');
      await form.getByLabel(/Email/).fill('lily@example.com');
      await form.getByRole('button', { name: 'Start chat' }).click();
      await widget(page).locator('.k-composer textarea').waitFor();
      const contact = await poll(
        () =>
          app.services.database.db
            .selectFrom('contacts')
            .select(['name', 'email'])
            .where('account_id', '=', acct.accountId)
            .where('email', '=', 'lily@example.com')
            .executeTakeFirst(),
        (c) => !!c,
      );
      expect(contact!.name).toBe('Lily');
      await context.close();

      await app.api('PATCH', '/api/v1/me', { session: agent, body: { availability: 'offline' } });
      const v2 = await newVisitor();
      await v2.page.goto(`${PAGE}/?lang=zh-CN`);
      await v2.page.locator('#kefu-launcher').click();
      const off = widget(v2.page).locator('.k-form');
      await off.getByRole('heading', { name: '客服暂时不在线' }).waitFor();
      await off.getByLabel(/姓名/).fill('赵六');
      await off.getByLabel(/邮箱/).fill('zhao@example.com');
      await off.getByLabel(/留言内容/).fill('请尽快回复我关于发票的问题');
      await screenshot(v2.page, 'widget-zh-offline-desktop');
      await off.getByRole('button', { name: '提交留言' }).click();
      await widget(v2.page).locator('.k-thanks').waitFor();
      const rows = await incomingOf('请尽快回复我关于发票的问题');
      expect(rows).toHaveLength(1);
      const c = await app.services.database.db
        .selectFrom('conversations')
        .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
        .select(['contacts.email', 'contacts.name'])
        .where('conversations.id', '=', rows[0].conversation_id)
        .executeTakeFirstOrThrow();
      expect(c).toEqual({ email: 'zhao@example.com', name: '赵六' });
      await v2.context.close();
    } finally {
      await app.api('PATCH', '/api/v1/me', { session: agent, body: { availability: 'online' } });
      await app.api('PATCH', `/api/v1/inboxes/${acct.inboxId}`, {
        session: admin,
        body: { settings: { preChatForm: { enabled: false, fields: [] } } },
      });
    }
  });

  it('identify() with an HMAC links the customer; attachments upload; queue position is shown', async () => {
    const { context, page } = await newVisitor({ locale: 'en-US' });
    await page.goto(`${PAGE}/?lang=en`);
    await page.waitForFunction(
      () => !!(window as unknown as { kefu?: { identify?: unknown } }).kefu?.identify,
    );
    const hash = createHmac('sha256', acct.hmacSecret).update('cust-777').digest('hex');
    await page.evaluate(
      (h) =>
        (
          window as unknown as { kefu: { identify: (i: unknown) => void; open: () => void } }
        ).kefu.identify({ id: 'cust-777', name: 'Grace', email: 'grace@example.com', hash: h }),
      hash,
    );
    await page.evaluate(() => (window as unknown as { kefu: { open: () => void } }).kefu.open());
    await widget(page).locator('.k-composer textarea').waitFor();
    await send(page, 'identified hello');
    const conversationId = await conversationOf('identified hello');
    const contact = await app.services.database.db
      .selectFrom('conversations')
      .innerJoin('contact_identities', 'contact_identities.contact_id', 'conversations.contact_id')
      .select(['contact_identities.kind', 'contact_identities.value'])
      .where('conversations.id', '=', conversationId)
      .where('contact_identities.kind', '=', 'external_id')
      .executeTakeFirst();
    expect(contact).toEqual({ kind: 'external_id', value: 'cust-777' });

    // A PNG through the paperclip: uploaded, attached, shown as an image.
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b40000000049454e44ae426082',
      'hex',
    );
    await widget(page)
      .locator('input[type=file]')
      .setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: png });
    await widget(page).locator('.k-mine .k-att img[alt="receipt.png"]').last().waitFor();
    const att = await poll(
      () =>
        app.services.database.db
          .selectFrom('attachments')
          .select(['content_type', 'message_id'])
          .where('account_id', '=', acct.accountId)
          .where('file_name', '=', 'receipt.png')
          .executeTakeFirst(),
      (a) => !!a?.message_id,
    );
    expect(att!.content_type).toBe('image/png');
    // Shown from a short-lived signed link (never the visitor token in a URL), also after a reload
    // (an older message re-rendered asks for a new link).
    const shown = async () => {
      const img = widget(page).locator('.k-att img[alt="receipt.png"]').last();
      await img.waitFor();
      await poll(
        () => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0),
        (ok) => ok,
      );
      return (await img.getAttribute('src'))!;
    };
    const src = await shown();
    expect(src).toMatch(/\/widget\/v1\/attachments\/[^?]+\?exp=\d+&sig=[0-9a-f]+$/);
    expect(src).not.toMatch(/[?&]t=/);

    // Queue position from the routing feature's visitor event.
    const row = await app.services.database.db
      .selectFrom('conversations')
      .select('contact_id')
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    // The live routing feature emits its own updates for this conversation while the events of the
    // messages above are processed (on a loaded machine, seconds later): wait until every event is
    // dispatched so none lands after ours, then re-emit until ours is shown.
    await backgroundSettled(app.services.database.db, acct.accountId);
    const showQueue = async (status: Record<string, unknown>, visible: () => Promise<boolean>) => {
      for (let i = 0; i < 120 && !(await visible()); i++) {
        app.gateway.visitors
          .to(rooms.contact(row.contact_id))
          .emit('queue', { conversationId, ...status });
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    await showQueue({ position: 3, estimatedWaitSeconds: 240, overflow: null }, () =>
      widget(page)
        .locator('[data-testid="queue"]', {
          hasText: 'You are number 3 in the queue, about 4 minutes',
        })
        .isVisible(),
    );
    await widget(page)
      .locator('[data-testid="queue"]', {
        hasText: 'You are number 3 in the queue, about 4 minutes',
      })
      .waitFor();
    // Overflow: the visitor may leave a message instead of waiting.
    await showQueue({ position: 3, estimatedWaitSeconds: 240, overflow: 'leave_message' }, () =>
      widget(page)
        .getByRole('button', { name: /Leave a message/ })
        .isVisible(),
    );
    await widget(page)
      .getByRole('button', { name: /Leave a message/ })
      .click();
    await widget(page).locator('.k-form').getByRole('heading').waitFor();
    await page.reload();
    await page.waitForFunction(
      () => !!(window as unknown as { kefu?: { open?: unknown } }).kefu?.open,
    );
    await page.evaluate(() => (window as unknown as { kefu: { open: () => void } }).kefu.open());
    const again = await shown();
    expect(again).toMatch(/\?exp=\d+&sig=/);
    await context.close();
  });

  it('knowledge-base search before a chat and article suggestions while typing', async () => {
    const created = await app.api('POST', '/api/v1/kb/articles', {
      session: admin,
      body: {
        title: 'How do I return an item?',
        answer: 'Open your order and choose "Return". Refunds take 3 days.',
        locale: 'en',
        status: 'published',
        keywords: ['return', 'refund'],
        similarQuestions: ['can I get a refund'],
      },
    });
    expect(created.status).toBe(201);
    const { context, page } = await newVisitor({ locale: 'en-US' });
    await openWidget(page, 'en');
    const search = widget(page).getByRole('searchbox', { name: 'Search help articles' });
    await search.fill('return an item');
    const link = widget(page).locator('.k-search .k-articles a', {
      hasText: 'How do I return an item?',
    });
    await link.waitFor();
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('href')).toMatch(/^https?:\/\//);
    await widget(page).locator('.k-composer textarea').fill('can I get a refund for my order');
    await widget(page)
      .locator('.k-composer-wrap .k-articles a', { hasText: 'How do I return an item?' })
      .waitFor();
    await screenshot(page, 'widget-en-articles-desktop');
    await context.close();
  });

  it('no CSP violations were reported by the widget', () => {
    expect(cspErrors).toEqual([]);
  });
});
