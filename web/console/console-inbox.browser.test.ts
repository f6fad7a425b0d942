/**
 * The agent console in real Chromium, continued (see console.browser.test.ts): a long inbox list
 * (virtualised, paged on scroll), attachments by paste and drop, desktop notifications and sounds,
 * keyboard shortcuts and conversation actions, deep links through the login, and how /app is served.
 */
import { describe, expect, it } from 'vitest';
import {
  acct,
  app,
  loginWithCookie,
  newContext,
  openPage,
  setupConsoleSuite,
  visitorSays,
} from './console.browser-harness.ts';

setupConsoleSuite();

describe('inbox at scale and attachments', () => {
  it('renders only the visible rows of a long list and fetches further pages on scroll', async () => {
    const other = await app.seedAccount();
    const otherOwner = await app.login(other.users.owner.email, other.users.owner.password);
    await app.api('PATCH', `/api/v1/inboxes/${other.inboxId}`, {
      session: otherOwner,
      body: { settings: { bot: { mode: 'off' } } },
    });
    const N = 120;
    for (let i = 0; i < N; i += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, N - i) }, async (_, j) => {
          const v = await app.visitor(other.inboxToken);
          await app.api('POST', '/widget/v1/messages', {
            token: v.token,
            body: { content: `bulk message ${i + j}`, clientMessageId: `b${i + j}` },
          });
        }),
      );
    }
    const ctx = await newContext();
    const { page, problems } = await openPage(ctx);
    await loginWithCookie(
      ctx,
      await app.login(other.users.agent.email, other.users.agent.password),
    );
    const pages: string[] = [];
    page.on('request', (r) => {
      if (/\/api\/v1\/conversations\?/.test(r.url())) pages.push(r.url());
    });
    await page.goto(`${app.url}/app/inbox`);
    await page.getByRole('button', { name: /^All open/ }).click();
    await page.locator('[data-testid=conversation-row]').first().waitFor();
    const inDom = await page.locator('[data-testid=conversation-row]').count();
    expect(inDom).toBeGreaterThan(5);
    expect(inDom).toBeLessThan(40); // 900 px / 68 px rows + overscan, not 50 or 160
    const list = page.locator('.vlist');
    // every open conversation of the view is reachable by scrolling (other features may move a few out of "open"):
    // keep scrolling to the bottom until the last row is there (each scroll loads the next page once the previous arrived)
    const open = (await app.api('GET', '/api/v1/conversations/counts', { session: otherOwner }))
      .body.all;
    expect(open).toBeGreaterThan(100); // more than two pages
    await expect
      .poll(
        async () => {
          await list.evaluate((el) => {
            el.scrollTop = el.scrollHeight;
          });
          return Math.max(
            ...(await page
              .locator('[data-testid=conversation-row]')
              .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-index'))))),
          );
        },
        { timeout: 30_000 },
      )
      .toBe(open - 1);
    expect(pages.some((u) => u.includes('cursor='))).toBe(true);
    expect(await page.locator('[data-testid=conversation-row]').count()).toBeLessThan(40);
    // j / k move through the list
    await page.locator('[data-testid=conversation-row]').last().click();
    await page.keyboard.press('k');
    await page.waitForURL(/\/app\/c\//);
    expect(problems.join('\n')).toBe('');
  });

  it('uploads an image by paste and a file by drag-and-drop; the image is previewed', async () => {
    const v = await app.visitor(acct.inboxToken);
    const { conversation } = await visitorSays(v.token, 'Can you send me the invoice?', 'att-1');
    const ctx = await newContext();
    const { page, problems } = await openPage(ctx);
    await loginWithCookie(ctx, await app.login(acct.users.agent.email, acct.users.agent.password));
    await page.goto(`${app.url}/app/c/${conversation.id}`);
    await page.locator('[data-testid=message]', { hasText: 'invoice' }).waitFor();
    // 1×1 PNG
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    await page.locator('[data-testid=composer]').evaluate((el, b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'screenshot.png', { type: 'image/png' }));
      el.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }),
      );
    }, png);
    await page.locator('.composer').evaluate((el) => {
      const dt = new DataTransfer();
      dt.items.add(new File(['invoice total: 42 EUR'], 'invoice.txt', { type: 'text/plain' }));
      el.dispatchEvent(
        new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }),
      );
    });
    await expect
      .poll(() => page.locator('.pending-files .chip').allInnerTexts())
      .toEqual([expect.stringContaining('screenshot.png'), expect.stringContaining('invoice.txt')]);
    await expect.poll(() => page.locator('[data-testid=send]').isEnabled()).toBe(true);
    await page.locator('[data-testid=composer]').fill('Here you go');
    await page.locator('[data-testid=send]').click();
    const sent = page.locator('[data-testid=message]', { hasText: 'Here you go' });
    await sent.locator('img').waitFor();
    await expect
      .poll(() =>
        sent.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      )
      .toBe(1);
    await expect.poll(() => sent.locator('a[download]').innerText()).toContain('invoice.txt');
    const seen = await app.api('GET', '/widget/v1/messages', { token: v.token });
    const last = seen.body.data[seen.body.data.length - 1];
    expect(last.attachments.map((a: { fileName: string }) => a.fileName).sort()).toEqual([
      'invoice.txt',
      'screenshot.png',
    ]);
    expect(problems).toEqual([]);
  });
});

describe('notifications and keyboard', () => {
  it('desktop notification and a beep for a new assignment and for new messages in my conversations', async () => {
    const ctx = await newContext();
    await ctx.addInitScript(() => {
      const w = window as unknown as {
        __notes: Array<{ title: string; body: string }>;
        __beeps: number;
      };
      w.__notes = [];
      w.__beeps = 0;
      class FakeNotification {
        static permission = 'granted';
        static requestPermission = async () => 'granted';
        onclick: (() => void) | null = null;
        constructor(title: string, opts: { body: string }) {
          w.__notes.push({ title, body: opts.body });
        }
        close() {}
      }
      class FakeAudio {
        currentTime = 0;
        destination = {};
        createOscillator() {
          return {
            type: '',
            frequency: { value: 0 },
            connect: (g: unknown) => g,
            start() {
              w.__beeps++;
            },
            stop() {},
          };
        }
        createGain() {
          return {
            gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} },
            connect: (d: unknown) => d,
          };
        }
      }
      Object.assign(window, { Notification: FakeNotification, AudioContext: FakeAudio });
      document.hasFocus = () => false; // the agent is in another window
    });
    const { page, problems } = await openPage(ctx);
    const session = await app.login(acct.users.agent.email, acct.users.agent.password);
    await loginWithCookie(ctx, session);
    await page.goto(`${app.url}/app/inbox`);
    await page.locator('.listpane').waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid=reconnecting]'));
    await page.waitForTimeout(300);
    const v = await app.visitor(acct.inboxToken);
    const { conversation } = await visitorSays(v.token, 'first question', 'nt-1');
    await app.api('POST', `/api/v1/conversations/${conversation.id}/assignment`, {
      session: await app.login(acct.users.owner.email, acct.users.owner.password),
      body: { assigneeId: acct.users.agent.id },
    });
    await expect
      .poll(() =>
        page.evaluate(() =>
          (window as unknown as { __notes: Array<{ title: string }> }).__notes.map((n) => n.title),
        ),
      )
      .toContain('New conversation assigned to you');
    await visitorSays(v.token, 'are you there?', 'nt-2');
    await expect
      .poll(() =>
        page.evaluate(() =>
          (window as unknown as { __notes: Array<{ title: string; body: string }> }).__notes.map(
            (n) => n.body,
          ),
        ),
      )
      .toContain('are you there?');
    expect(
      await page.evaluate(() => (window as unknown as { __beeps: number }).__beeps),
    ).toBeGreaterThanOrEqual(2);
    expect(problems).toEqual([]);
  });

  it('shortcuts (a, n, r, e), labels, snooze, reopen, mark unread', async () => {
    const v = await app.visitor(acct.inboxToken);
    const { conversation } = await visitorSays(v.token, 'shortcut test', 'sc-1');
    const ctx = await newContext();
    const { page } = await openPage(ctx);
    await loginWithCookie(
      ctx,
      await app.login(acct.users.agent2.email, acct.users.agent2.password),
    );
    await page.goto(`${app.url}/app/c/${conversation.id}`);
    await page.locator('[data-testid=message]', { hasText: 'shortcut test' }).waitFor();
    await page.locator('.messages').click();
    await page.keyboard.press('a');
    await expect.poll(() => page.locator('[data-testid=assignee]').innerText()).toContain('agent2');
    await page.keyboard.press('n');
    await expect
      .poll(() => page.locator('[data-testid=note-toggle]').getAttribute('aria-pressed'))
      .toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'composer',
    );
    await page.locator('.messages').click();
    await page.keyboard.press('r');
    await expect
      .poll(() => page.locator('[data-testid=note-toggle]').getAttribute('aria-pressed'))
      .toBe('false');
    // labels, snooze, reopen
    await page.getByRole('button', { name: 'Labels…' }).click();
    await page.getByRole('dialog').getByLabel('New label').fill('vip');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.locator('.titlebar .chip', { hasText: 'vip' }).waitFor();
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Snooze…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'In 1 hour' }).click();
    await expect.poll(() => page.locator('[data-testid=status]').innerText()).toBe('Snoozed');
    await page.locator('[data-testid=reopen]').click();
    await expect.poll(() => page.locator('[data-testid=status]').innerText()).toBe('Open');
    await page.locator('.messages').click();
    await page.keyboard.press('e');
    await expect.poll(() => page.locator('[data-testid=status]').innerText()).toBe('Resolved');
    const c = await app.api('GET', `/api/v1/conversations/${conversation.id}`, {
      session: await app.login(acct.users.agent2.email, acct.users.agent2.password),
    });
    expect(c.body).toMatchObject({
      status: 'resolved',
      labels: ['vip'],
      assigneeId: acct.users.agent2.id,
    });
    // mark unread: back to the list
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Mark unread' }).click();
    await page.waitForURL(/\/app\/inbox$/);
    await page.locator('[data-testid="status:resolved"]').click();
    await expect
      .poll(() =>
        page
          .locator('[data-testid=conversation-row]', { hasText: 'shortcut test' })
          .getAttribute('class'),
      )
      .toContain('unread');
  });
});

describe('deep links', () => {
  it('a logged-out deep link goes through the login page and back to the conversation', async () => {
    const v = await app.visitor(acct.inboxToken);
    const { conversation } = await visitorSays(v.token, 'deep link', 'dl-1');
    const { page } = await openPage(await newContext());
    await page.goto(`${app.url}/app/c/${conversation.id}`);
    await page.waitForURL(/\/app\/login$/);
    await page.locator('input[type=email]').fill(acct.users.agent.email);
    await page.locator('input[type=password]').fill(acct.users.agent.password);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`**/app/c/${conversation.id}`);
    await page.locator('[data-testid=message]', { hasText: 'deep link' }).waitFor();
    // logout returns to the login page
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/app\/login$/);
  });
});

describe('console serving', () => {
  it('serves /app with a strict CSP, SPA fallback, hashed assets cached; / redirects browsers only', async () => {
    const html = await fetch(`${app.url}/app/c/some/deep/link`);
    expect(html.status).toBe(200);
    const csp = html.headers.get('content-security-policy')!;
    for (const d of [
      "default-src 'self'",
      "script-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'none'",
      "connect-src 'self' ws: wss:",
    ])
      expect(csp).toContain(d);
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    const body = await html.text();
    const asset = /src="(\/app\/assets\/[^"]+\.js)"/.exec(body)![1];
    const js = await fetch(app.url + asset);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${app.url}/app/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${app.url}/app/..%2f..%2fpackage.json`)).status).toBe(404);
    const root = await fetch(`${app.url}/`, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/app/');
    expect(
      (await (await fetch(`${app.url}/`, { headers: { accept: 'application/json' } })).json()).api,
    ).toBe('/api/v1');
  });
});
