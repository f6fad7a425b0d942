/** The simulator's web page API: a user chats from it with a real Kefu server and reads the reply. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passes } from '../../../test/wait.ts';
import { type InboxSetup, stored, type WechatApp, wechatApp, wechatInbox } from './wechat-app.ts';

let w: WechatApp;
let inbox: InboxSetup;
beforeAll(async () => {
  w = await wechatApp();
  inbox = await wechatInbox(w, w.admin);
});
afterAll(async () => {
  await w?.stop();
});

describe('the simulator page', () => {
  it('serves the page, lists apps, sends as a user and shows what the account answered', async () => {
    const page = await fetch(`${w.sim.url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('微信模拟器');
    expect(await (await fetch(`${w.sim.url}/sim/apps`)).json()).toEqual([inbox.sim.appId]);
    const sent = await fetch(`${w.sim.url}/sim/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appId: inbox.sim.appId, openId: 'oPageUser1', text: '网页上发的' }),
    });
    expect((await sent.json()).accepted).toBe(true);
    const conversationId = await passes(async () => {
      const m = (await stored(w.app, inbox.inboxId)).messages.find(
        (x) => x.content === '网页上发的',
      );
      expect(m).toBeTruthy();
      return m!.conversation_id;
    });
    await w.app.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      session: w.agent,
      body: { content: '收到' },
    });
    await passes(async () => {
      const q = new URLSearchParams({ appId: inbox.sim.appId, openId: 'oPageUser1' });
      const phone = await (await fetch(`${w.sim.url}/sim/phone?${q}`)).json();
      expect(phone.map((m: { text: string }) => m.text)).toEqual(['收到']);
    });
    const bad = await fetch(`${w.sim.url}/sim/send`, {
      method: 'POST',
      body: JSON.stringify({ appId: 'wxnope', openId: 'o', text: 'x' }),
    });
    expect(bad.status).toBe(400);
  });
});
