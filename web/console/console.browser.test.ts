/**
 * The agent console in real Chromium against a real server: a visitor (widget REST API) writes, the
 * agent sees it live, replies, notes, assigns, resolves; collision warning; network loss and resume;
 * Chinese UI; accessibility (axe) and screenshots (zh/en, desktop/phone).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, seriousA11yViolations } from '../../server/test/browser.ts';
import {
  testApp,
  waitFor,
  type SeededAccount,
  type Session,
  type TestApp,
} from '../../server/test/test-app.ts';

let app: TestApp;
let acct: SeededAccount;
let browser: Browser;
const contexts: BrowserContext[] = [];
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  app = await testApp({
    RATE_LIMIT_LOGIN_PER_MIN: '1000',
    RATE_LIMIT_WIDGET_SESSIONS_PER_MIN: '100000',
  });
  acct = await app.seedAccount();
  // a bot would answer in these tests' conversations; the console is tested with human replies only
  const owner = await app.login(acct.users.owner.email, acct.users.owner.password);
  await app.api('PATCH', `/api/v1/inboxes/${acct.inboxId}`, {
    session: owner,
    body: { settings: { bot: { mode: 'off' } } },
  });
  await app.api('POST', '/api/v1/canned-responses', {
    session: owner,
    body: { shortCode: 'hello', content: 'Hello! How can I help you today?' },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

async function newContext(
  opts: { locale?: string; viewport?: { width: number; height: number }; bypassCSP?: boolean } = {},
) {
  const ctx = await browser.newContext({
    viewport: opts.viewport ?? DESKTOP,
    locale: opts.locale ?? 'en-US',
    bypassCSP: opts.bypassCSP ?? false,
    timezoneId: 'Asia/Shanghai',
  });
  contexts.push(ctx);
  return ctx;
}

/** A page with CSP violations and page errors collected. */
async function openPage(ctx: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  return { page, problems };
}

async function loginWithCookie(ctx: BrowserContext, session: Session) {
  const [name, value] = session.cookie.split('=');
  await ctx.addCookies([{ name, value, url: app.url }]);
}

async function visitorSays(token: string, content: string, clientMessageId: string) {
  const r = await app.api('POST', '/widget/v1/messages', {
    token,
    body: { content, clientMessageId },
  });
  expect(r.status).toBeLessThan(300);
  return r.body as { message: { id: string; seq: number }; conversation: { id: string } };
}

async function visitorSees(token: string): Promise<string[]> {
  const r = await app.api('GET', '/widget/v1/messages?limit=100', { token });
  return r.body.data.map((m: { content: string }) => m.content);
}

const messageTexts = (page: Page) => page.locator('[data-testid=message] .bubble').allInnerTexts();

describe('agent console', () => {
  it('an agent logs in, sees a visitor live, replies, notes, assigns and resolves', async () => {
    const ctx = await newContext({ bypassCSP: true }); // axe is injected as an inline script
    const { page, problems } = await openPage(ctx);
    await page.goto(`${app.url}/app/`);
    await page.locator('input[type=email]').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'console-en-login-desktop');

    // wrong password → error, then the right one
    await page.locator('input[type=email]').fill(acct.users.agent.email);
    await page.locator('input[type=password]').fill('wrong-password');
    await page.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('[role=alert]').innerText()).toContain('incorrect');
    await page.locator('input[type=password]').fill(acct.users.agent.password);
    await page.locator('button[type=submit]').click();
    await page.locator('.topbar').waitFor();
    await page.getByRole('button', { name: /^All open/ }).click();

    const v = await app.visitor(acct.inboxToken);
    const first = await visitorSays(v.token, 'Hi, where is my order #4711?', 'v-1');
    const cid = first.conversation.id;
    const row = page.locator('[data-testid=conversation-row]', { hasText: 'where is my order' });
    await row.waitFor({ timeout: 5000 }); // live, no reload
    expect(await seriousA11yViolations(page)).toEqual([]);
    await row.click();
    await page.waitForURL(`**/app/c/${cid}`);
    await expect.poll(() => messageTexts(page)).toEqual(['Hi, where is my order #4711?']);

    // a second visitor message arrives live in the open conversation
    await visitorSays(v.token, 'It was due yesterday.', 'v-2');
    await expect
      .poll(() => messageTexts(page))
      .toEqual(['Hi, where is my order #4711?', 'It was due yesterday.']);

    // AI assist panel (AI feature): a suggested reply is inserted into the composer on click
    const composer = page.locator('[data-testid=composer]');
    const suggestion = page.locator('[data-testid=assist] .suggestion').first();
    await suggestion.waitFor();
    const suggested = await suggestion.innerText();
    await suggestion.click();
    await expect.poll(() => composer.inputValue()).toBe(suggested);
    await composer.fill('');

    // canned response via "/" then Enter sends
    await composer.fill('/hel');
    await page.locator('[role=option]', { hasText: 'hello' }).waitFor();
    await composer.press('Enter');
    await expect.poll(() => composer.inputValue()).toBe('Hello! How can I help you today?');
    await composer.press('Shift+Enter');
    await composer.pressSequentially('Your parcel ships today.');
    await composer.press('Enter');
    await expect
      .poll(() => visitorSees(v.token))
      .toContain('Hello! How can I help you today?\nYour parcel ships today.');

    // private note: shown to agents, styled as a note, never returned to the visitor
    await page.locator('[data-testid=note-toggle]').click();
    await composer.fill('Customer is a VIP, be generous');
    await composer.press('Enter');
    await page.locator('[data-testid=message][data-type=note]', { hasText: 'VIP' }).waitFor();
    await page.waitForTimeout(300);
    expect((await visitorSees(v.token)).join('\n')).not.toContain('VIP');
    // a reply is only shown once, even though both the POST answer and the socket event carry it
    expect(
      (await messageTexts(page)).filter((t) => t.includes('Your parcel ships today.')),
    ).toHaveLength(1);

    // user content is rendered as text
    await visitorSays(v.token, '<img src=x onerror="window.__xss=1"><b>bold?</b>', 'v-xss');
    await page.locator('[data-testid=message]', { hasText: '<b>bold?</b>' }).waitFor();
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();

    // assign to agent2 with a note via the dialog, then resolve
    await page.getByRole('button', { name: 'Assign…' }).click();
    await page.locator('[data-testid=assign-agent]').selectOption(acct.users.agent2.id);
    await page.getByRole('dialog').locator('textarea').fill('Please follow up tomorrow');
    await page.getByRole('dialog').getByRole('button', { name: 'Assign' }).click();
    await expect.poll(() => page.locator('[data-testid=assignee]').innerText()).toContain('agent2');
    await page.locator('.activity', { hasText: 'Please follow up tomorrow' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'console-en-conversation-desktop');

    await page.locator('[data-testid=resolve]').click();
    await expect.poll(() => page.locator('[data-testid=status]').innerText()).toBe('Resolved');
    const conv = await app.api('GET', `/api/v1/conversations/${cid}`, {
      session: await app.login(acct.users.agent.email, acct.users.agent.password),
    });
    expect(conv.body).toMatchObject({ status: 'resolved', assigneeId: acct.users.agent2.id });

    // the visitor rates; the rating appears live in the stream, rendered distinctly and as text
    const rated = await app.api('POST', '/widget/v1/csat', {
      token: v.token,
      body: { conversationId: cid, rating: 4, comment: 'quick <b>help</b>' },
    });
    expect(rated.status).toBe(201);
    const csat = page.locator('[data-kind=csat]');
    await csat.waitFor();
    expect(await csat.innerText()).toContain('★★★★☆');
    expect(await csat.innerText()).toContain('quick <b>help</b>');

    // keyboard: ? opens the help overlay
    await page.locator('body').click({ position: { x: 5, y: 880 } });
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');

    await page.setViewportSize(PHONE);
    await page.waitForTimeout(200);
    await screenshot(page, 'console-en-conversation-phone');
    await page.goto(`${app.url}/app/inbox`);
    await page.locator('#view-select').selectOption('status:resolved'); // phone: views are a select
    await page.locator('[data-testid=conversation-row]').first().waitFor();
    await screenshot(page, 'console-en-inbox-phone');
    await page.setViewportSize(DESKTOP);
    await screenshot(page, 'console-en-inbox-desktop');
    expect(problems.filter((p) => !p.startsWith('csp'))).toEqual([]);
  });

  it('a second agent opening the same conversation triggers the collision warning (viewing, then typing)', async () => {
    const v = await app.visitor(acct.inboxToken);
    const { conversation } = await visitorSays(v.token, 'Anyone there?', 'c-1');
    const a = await openPage(await newContext());
    await loginWithCookie(
      a.page.context(),
      await app.login(acct.users.agent.email, acct.users.agent.password),
    );
    await a.page.goto(`${app.url}/app/c/${conversation.id}`);
    await a.page.locator('[data-testid=message]', { hasText: 'Anyone there?' }).waitFor();
    expect(await a.page.locator('[data-testid=collision]').count()).toBe(0);

    const b = await openPage(await newContext());
    await loginWithCookie(
      b.page.context(),
      await app.login(acct.users.agent2.email, acct.users.agent2.password),
    );
    await b.page.goto(`${app.url}/app/c/${conversation.id}`);
    await expect
      .poll(
        () =>
          a.page
            .locator('[data-testid=collision]')
            .innerText()
            .catch(() => ''),
        { timeout: 5000 },
      )
      .toContain('is also viewing');
    await expect
      .poll(() =>
        b.page
          .locator('[data-testid=collision]')
          .innerText()
          .catch(() => ''),
      )
      .toContain('is also viewing');
    const vs = await app.visitorSocket(v.token);
    const agentTyping = waitFor(
      vs,
      'typing',
      (p: { typing: boolean; from: { type: string } }) => p.typing && p.from.type === 'user',
      8000,
    );
    await b.page.locator('[data-testid=composer]').pressSequentially('I will take it');
    await agentTyping; // the visitor sees the agent typing (a reply, not a note)
    await expect
      .poll(() => a.page.locator('[data-testid=collision]').innerText(), { timeout: 5000 })
      .toContain('is typing');

    // the visitor's typing shows in the console too
    await app.api('POST', '/widget/v1/typing', { token: v.token, body: { typing: true } });
    await expect.poll(() => a.page.locator('[data-testid=typing]').innerText()).toContain('typing');
    // CSP is enforced (no bypass here) and the app works under it
    expect(a.problems).toEqual([]);

    await b.page.close();
    await expect
      .poll(() => a.page.locator('[data-testid=collision]').count(), { timeout: 5000 })
      .toBe(0);
  });

  it('the network drops and comes back: reconnecting banner, nothing lost, nothing duplicated', async () => {
    const v = await app.visitor(acct.inboxToken);
    const { conversation } = await visitorSays(v.token, 'before the outage', 'n-0');
    const ctx = await newContext();
    const { page, problems } = await openPage(ctx);
    await loginWithCookie(ctx, await app.login(acct.users.agent.email, acct.users.agent.password));
    await page.goto(`${app.url}/app/c/${conversation.id}`);
    await page.locator('[data-testid=message]', { hasText: 'before the outage' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid=reconnecting]'));

    await ctx.setOffline(true);
    await page.locator('[data-testid=reconnecting]').waitFor({ timeout: 5000 });
    await screenshot(page, 'console-en-reconnecting-desktop');
    for (let i = 1; i <= 3; i++) await visitorSays(v.token, `during the outage ${i}`, `n-${i}`);
    await page.waitForTimeout(500);
    expect(await messageTexts(page)).toEqual(['before the outage']);

    await ctx.setOffline(false);
    await page
      .locator('[data-testid=reconnecting]')
      .waitFor({ state: 'detached', timeout: 15_000 });
    await expect
      .poll(() => messageTexts(page), { timeout: 10_000 })
      .toEqual([
        'before the outage',
        'during the outage 1',
        'during the outage 2',
        'during the outage 3',
      ]);
    // live again after the reconnect, still without duplicates
    await visitorSays(v.token, 'after the outage', 'n-4');
    await expect
      .poll(() => messageTexts(page))
      .toEqual([
        'before the outage',
        'during the outage 1',
        'during the outage 2',
        'during the outage 3',
        'after the outage',
      ]);
    await page.waitForTimeout(500);
    expect(await messageTexts(page)).toHaveLength(5);
    expect(problems).toEqual([]);
  });

  it('the console in Chinese (from the browser language): login, inbox and conversation; switch to English is saved', async () => {
    const ctx = await newContext({ locale: 'zh-CN', bypassCSP: true });
    const { page } = await openPage(ctx);
    await page.goto(`${app.url}/app/`);
    await page.waitForURL(/\/app\/login$/);
    await page.getByRole('heading', { name: '登录 Kefu 客服' }).waitFor();
    await screenshot(page, 'console-zh-login-desktop');
    await page.locator('input[type=email]').fill(acct.users.agent2.email);
    await page.locator('input[type=password]').fill(acct.users.agent2.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('link', { name: '收件箱' }).waitFor();
    const v = await app.visitor(acct.inboxToken);
    const { conversation } = await visitorSays(v.token, '你好，我的快递到哪里了？', 'zh-1');
    await page.getByRole('button', { name: /^全部进行中/ }).click();
    await page.locator('[data-testid=conversation-row]', { hasText: '快递' }).waitFor();
    await screenshot(page, 'console-zh-inbox-desktop');
    await page.locator('[data-testid=conversation-row]', { hasText: '快递' }).click();
    await page.getByRole('button', { name: '分配给我' }).click();
    await page.locator('.activity', { hasText: '已分配给' }).waitFor();
    await page.locator('[data-testid=composer]').fill('您好，正在为您查询。');
    await page.getByRole('button', { name: '发送' }).click();
    await expect.poll(() => visitorSees(v.token)).toContain('您好，正在为您查询。');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'console-zh-conversation-desktop');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'console-zh-conversation-phone');
    await page.goto(`${app.url}/app/inbox`);
    await page.locator('[data-testid=conversation-row]').first().waitFor();
    await screenshot(page, 'console-zh-inbox-phone');
    await page.setViewportSize(DESKTOP);

    // language switch persists to the profile
    await page.locator('#locale').selectOption('en');
    await page.getByRole('link', { name: 'Inbox' }).waitFor();
    const me = await app.api('GET', '/api/v1/me', {
      session: await app.login(acct.users.agent2.email, acct.users.agent2.password),
    });
    expect(me.body.user.locale).toBe('en');
    // availability
    await page.locator('#availability').selectOption('away');
    await expect
      .poll(
        async () =>
          (
            await app.api('GET', '/api/v1/me', {
              session: await app.login(acct.users.agent2.email, acct.users.agent2.password),
            })
          ).body.user.availability,
      )
      .toBe('away');
    void conversation;
  });
});

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
    await page.locator('[data-testid=more-actions]').selectOption('snooze');
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
    await page.locator('[data-testid=more-actions]').selectOption('unread');
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
