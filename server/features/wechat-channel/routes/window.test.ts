/**
 * The reply window through the API: counts and words for the composer, the send route refusing
 * what the platform would (count used up, window closed, files WeChat cannot carry, text too long)
 * with nothing stored, the core's route storing the reply as failed instead, the event window
 * closing after a minute (injected clock), and other accounts' conversations unseen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, systemClock } from '../../../core/lib/clock.ts';
import { passes } from '../../../test/wait.ts';
import {
  type InboxSetup,
  newOpenId,
  stored,
  type WechatApp,
  wechatApp,
  wechatInbox,
} from '../test/wechat-app.ts';

let w: WechatApp;
let inbox: InboxSetup;

beforeAll(async () => {
  // the clock jumps two days ahead in one test: sessions must outlive the jump
  w = await wechatApp({ SESSION_IDLE_MINUTES: String(4 * 24 * 60) });
  inbox = await wechatInbox(w, w.admin, { mode: 'secure' });
});
afterAll(async () => {
  await w?.stop();
});

async function conversationOf(openId: string) {
  return passes(async () => {
    const identity = await w.app.services.database.db
      .selectFrom('contact_identities')
      .select('contact_id')
      .where('kind', '=', `wechat_openid:${inbox.sim.appId}`)
      .where('value', '=', openId)
      .executeTakeFirstOrThrow();
    const c = (await stored(w.app, inbox.inboxId)).conversations.find(
      (x) => x.contact_id === identity.contact_id,
    );
    expect(c).toBeTruthy();
    return c!;
  });
}

const windowOf = (conversationId: string) =>
  w.app.api('GET', `/api/v1/conversations/${conversationId}/wechat-window`, { session: w.agent });
const send = (conversationId: string, body: Record<string, unknown>) =>
  w.app.api('POST', `/api/v1/conversations/${conversationId}/wechat/messages`, {
    session: w.agent,
    body,
  });

describe('reply window', () => {
  it('after a message: 5 replies within 48 h, counted per part, the 6th refused with words and fallbacks', async () => {
    const openId = newOpenId();
    await w.sim.text(inbox.sim.appId, openId, '你好');
    const c = await conversationOf(openId);
    const win = await windowOf(c.id);
    expect(win.status).toBe(200);
    expect(win.body).toMatchObject({
      applies: true,
      window: { open: true, remaining: 5, quota: 5, used: 0, kind: 'message' },
    });
    expect(win.body.window.text).toEqual({
      'zh-CN': '还可回复 5 条，48 小时后关闭',
      en: '5 replies left, closes in 48 h',
    });
    await w.app.api('PATCH', `/api/v1/contacts/${c.contact_id}`, {
      session: w.agent,
      body: { email: 'wei@example.com' },
    });
    for (let i = 1; i <= 4; i++) {
      const r = await send(c.id, { content: `reply ${i}`, clientMessageId: `w-${i}` });
      expect(r.status).toBe(201);
      expect(r.body.status).toBe('pending');
    }
    const four = await windowOf(c.id);
    expect(four.body.window).toMatchObject({ remaining: 1, used: 4 });
    expect(four.body.window.text.en).toBe('1 reply left, closes in 48 h');
    // a retry of a sent reply is the first reply again, and takes nothing
    const retry = await send(c.id, { content: 'reply 4', clientMessageId: 'w-4' });
    expect(retry.status).toBe(200);
    expect((await windowOf(c.id)).body.window.remaining).toBe(1);
    const before = (await stored(w.app, inbox.inboxId)).messages.length;
    const refused = await send(c.id, { content: 'one', clientMessageId: 'w-5' });
    expect(refused.status).toBe(201);
    const sixth = await send(c.id, { content: 'too many', clientMessageId: 'w-6' });
    expect(sixth.status).toBe(409);
    expect(sixth.body.error.code).toBe('wechat_reply_limit_reached');
    expect(sixth.body.error.details.messages['zh-CN']).toContain('5 条');
    expect(sixth.body.error.details.messages.en).toContain('at most 5');
    expect(sixth.body.error.details.window).toMatchObject({ open: false, remaining: 0 });
    expect(sixth.body.error.details.fallback).toEqual([
      { type: 'email', address: 'wei@example.com' },
    ]);
    expect((await stored(w.app, inbox.inboxId)).messages.length).toBe(before + 1); // nothing stored for the 6th
    await passes(() =>
      expect(w.sim.phone(inbox.sim.appId, openId).map((m) => m.text)).toEqual([
        'reply 1',
        'reply 2',
        'reply 3',
        'reply 4',
        'one',
      ]),
    );
    // the core's reply route stores it, and it shows failed with the same code
    const core = await w.app.api('POST', `/api/v1/conversations/${c.id}/messages`, {
      session: w.agent,
      body: { content: 'through the core' },
    });
    expect(core.status).toBe(201);
    await passes(async () => {
      const m = await w.app.services.database.db
        .selectFrom('messages')
        .selectAll()
        .where('id', '=', core.body.id)
        .executeTakeFirstOrThrow();
      expect(m.status).toBe('failed');
      expect(JSON.parse(m.content_attributes).wechat.delivery.code).toBe(
        'wechat_reply_limit_reached',
      );
    });
    // the user writes again: a fresh window
    await w.sim.text(inbox.sim.appId, openId, '还在吗');
    await passes(async () => expect((await windowOf(c.id)).body.window.remaining).toBe(5));
  });

  it('a text and a picture are two messages of the window; files WeChat cannot carry and long text are refused', async () => {
    const openId = newOpenId();
    await w.sim.text(inbox.sim.appId, openId, 'parts');
    const c = await conversationOf(openId);
    const upload = async (bytes: Buffer, type: string, name: string) => {
      const f = new FormData();
      f.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
      const r = await w.app.api('POST', '/api/v1/attachments', { session: w.agent, raw: f });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const gif = Buffer.from('474946383961010001000000002c00000000010001000002', 'hex');
    const ok = await send(c.id, {
      content: 'see picture',
      attachmentIds: [await upload(gif, 'image/gif', 'a.gif')],
    });
    expect(ok.status).toBe(201);
    expect((await windowOf(c.id)).body.window.remaining).toBe(3);
    const pdf = await upload(
      Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'),
      'application/pdf',
      'x.pdf',
    );
    const noPdf = await send(c.id, { content: 'a file', attachmentIds: [pdf] });
    expect([noPdf.status, noPdf.body.error.code]).toEqual([409, 'wechat_unsupported_media']);
    const long = await send(c.id, { content: '长'.repeat(700) }); // 2,100 bytes
    expect([long.status, long.body.error.code]).toEqual([409, 'wechat_text_too_long']);
    expect(long.body.error.details.messages['zh-CN']).toContain('2048');
    expect((await windowOf(c.id)).body.window.remaining).toBe(3);
  });

  it('a menu click opens 3 replies for a minute; after it the send is refused: window closed', async () => {
    const clock = fixedClock(Date.now());
    w.app.services.clock = clock;
    try {
      const openId = newOpenId();
      await w.sim.text(inbox.sim.appId, openId, 'first'); // gives the user a conversation
      const c = await conversationOf(openId);
      clock.advance(49 * 3_600_000); // the message window has closed
      expect((await windowOf(c.id)).body.window).toMatchObject({ open: false });
      const closed = await send(c.id, { content: 'late' });
      expect([closed.status, closed.body.error.code]).toEqual([409, 'wechat_reply_window_closed']);
      expect(closed.body.error.details.window.text.en).toContain('closed');
      await w.sim.event(inbox.sim.appId, openId, 'CLICK', 'contact_us', {
        timestamp: Math.floor(clock.now() / 1000),
      });
      await passes(async () =>
        expect((await windowOf(c.id)).body.window).toMatchObject({ kind: 'event', remaining: 3 }),
      );
      expect((await windowOf(c.id)).body.window.text['zh-CN']).toBe('还可回复 3 条，1 分钟后关闭');
      clock.advance(61_000);
      const late = await send(c.id, { content: 'too late' });
      expect([late.status, late.body.error.code]).toEqual([409, 'wechat_reply_window_closed']);
    } finally {
      w.app.services.clock = systemClock;
    }
  });

  it("other channels: applies false; other accounts' conversations: 404; the send route is for WeChat only", async () => {
    const v = await w.app.visitor(w.acct.inboxToken);
    const sent = await w.app.api('POST', '/widget/v1/messages', {
      token: v.token,
      body: { content: 'widget hello', clientMessageId: 'wg-1' },
    });
    const widgetConversation = sent.body.conversation.id as string;
    expect((await windowOf(widgetConversation)).body).toEqual({
      applies: false,
      window: null,
      fallback: [],
    });
    const wrong = await send(widgetConversation, { content: 'x' });
    expect([wrong.status, wrong.body.error.code]).toEqual([400, 'wechat_wrong_channel']);
    const other = await w.app.seedAccount();
    const otherAgent = await w.app.login(other.users.agent.email, other.users.agent.password);
    const openId = newOpenId();
    await w.sim.text(inbox.sim.appId, openId, 'mine');
    const c = await conversationOf(openId);
    const peek = await w.app.api('GET', `/api/v1/conversations/${c.id}/wechat-window`, {
      session: otherAgent,
    });
    expect(peek.status).toBe(404);
    const post = await w.app.api('POST', `/api/v1/conversations/${c.id}/wechat/messages`, {
      session: otherAgent,
      body: { content: 'x' },
    });
    expect(post.status).toBe(404);
  });
});
