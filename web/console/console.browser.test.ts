/**
 * The agent console in real Chromium against a real server: a visitor (widget REST API) writes, the
 * agent sees it live, replies, notes, assigns, resolves; collision warning; network loss and resume;
 * Chinese UI; accessibility (axe) and screenshots (zh/en, desktop/phone). More in
 * console-inbox.browser.test.ts; shared setup in console.browser-harness.ts.
 */
import { describe, expect, it } from 'vitest';
import { screenshot, seriousA11yViolations } from '../../server/test/browser.ts';
import { waitFor } from '../../server/test/test-app.ts';
import {
  acct,
  app,
  DESKTOP,
  loginWithCookie,
  messageTexts,
  newContext,
  openPage,
  PHONE,
  setupConsoleSuite,
  visitorSays,
  visitorSees,
} from './console.browser-harness.ts';

setupConsoleSuite();

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
    await page.getByRole('button', { name: '登录', exact: true }).click();
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
