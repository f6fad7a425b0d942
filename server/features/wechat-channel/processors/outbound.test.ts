/**
 * Replies reaching the user's phone on the simulator: text through the core's reply route, a
 * picture uploaded then sent (the bytes arrive), a voice message in (AMR kept, Recognition as text),
 * the access token expiring mid-conversation (refreshed once, the reply still delivered), and a
 * refusal by the platform itself (45015) ending the message as failed with its code and words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  w = await wechatApp();
  inbox = await wechatInbox(w, w.admin, { mode: 'secure' });
});
afterAll(async () => {
  await w?.stop();
});

/** A user who wrote once: their openid and conversation id. */
async function userWhoWrote(text = '在吗') {
  const openId = newOpenId();
  await w.sim.text(inbox.sim.appId, openId, text);
  const conversationId = await passes(async () => {
    const s = await stored(w.app, inbox.inboxId);
    const m = s.messages.find((x) => x.content === text);
    expect(m).toBeTruthy();
    return m!.conversation_id;
  });
  return { openId, conversationId };
}

const reply = (conversationId: string, body: Record<string, unknown>) =>
  w.app.api('POST', `/api/v1/conversations/${conversationId}/messages`, { session: w.agent, body });

async function messageRow(id: string) {
  return w.app.services.database.db
    .selectFrom('messages')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('replies', () => {
  it("an agent's text reply reaches the user's phone and the message shows sent", async () => {
    const u = await userWhoWrote();
    const r = await reply(u.conversationId, {
      content: '您好，请问有什么可以帮您？',
      clientMessageId: 'r1',
    });
    expect(r.status).toBe(201);
    await passes(async () => {
      expect(w.sim.phone(inbox.sim.appId, u.openId).map((m) => m.text)).toEqual([
        '您好，请问有什么可以帮您？',
      ]);
      const m = await messageRow(r.body.id);
      expect(m.status).toBe('sent');
      expect(JSON.parse(m.content_attributes).wechat.delivery).toMatchObject({
        state: 'sent',
        parts: 1,
        partsSent: 1,
      });
    });
  });

  it('media round trip: a picture goes up through media/upload and arrives byte for byte', async () => {
    const u = await userWhoWrote('发张图给我');
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
        '1f15c4890000000a49444154789c6300010000050001',
      'hex',
    );
    const up = await w.app.api('POST', '/api/v1/attachments', {
      session: w.agent,
      raw: (() => {
        const f = new FormData();
        f.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'dot.png');
        return f;
      })(),
    });
    expect(up.status).toBe(201);
    const r = await reply(u.conversationId, { content: '这是图片', attachmentIds: [up.body.id] });
    expect(r.status).toBe(201);
    await passes(async () => {
      const phone = w.sim.phone(inbox.sim.appId, u.openId);
      expect(phone.map((m) => m.msgtype)).toEqual(['text', 'image']);
      expect(phone[1].media?.data.equals(png)).toBe(true);
      expect((await messageRow(r.body.id)).status).toBe('sent');
    });
    expect(w.sim.calls.get('cgi-bin/media/upload')).toBeGreaterThanOrEqual(1);
  });

  it('a voice message in: the AMR file is kept and the Recognition is the text', async () => {
    const openId = newOpenId();
    const amr = Buffer.concat([Buffer.from('#!AMR\n', 'latin1'), Buffer.alloc(64, 0x3c)]);
    await w.sim.file(
      inbox.sim.appId,
      openId,
      'voice',
      { data: amr, contentType: 'audio/amr', fileName: 'v.amr' },
      { Recognition: '我的订单到哪了' },
    );
    await passes(async () => {
      const s = await stored(w.app, inbox.inboxId);
      const m = s.messages.find((x) => x.content === '我的订单到哪了');
      expect(m).toBeTruthy();
      expect(JSON.parse(m!.content_attributes).wechat).toMatchObject({
        msgType: 'voice',
        recognition: '我的订单到哪了',
        format: 'amr',
      });
      const files = await w.app.services.database.db
        .selectFrom('attachments')
        .selectAll()
        .where('message_id', '=', m!.id)
        .execute();
      // the core's sniffer has no AMR type: an opaque file, named .amr (voice when sent back)
      expect(files.map((f) => [f.content_type, f.file_name, Number(f.size)])).toEqual([
        ['application/octet-stream', 'v.amr', amr.length],
      ]);
      expect((await w.app.services.storage.get(files[0].storage_key))?.equals(amr)).toBe(true);
    });
  });

  it('the token expiring mid-conversation: refreshed once, the reply still arrives', async () => {
    const u = await userWhoWrote('token test');
    const first = await reply(u.conversationId, { content: 'one' });
    await passes(() => expect(w.sim.phone(inbox.sim.appId, u.openId)).toHaveLength(1));
    const fetched = w.sim.calls.get('cgi-bin/token') ?? 0;
    w.sim.expireTokens();
    const second = await reply(u.conversationId, { content: 'two' });
    await passes(async () => {
      expect(w.sim.phone(inbox.sim.appId, u.openId).map((m) => m.text)).toEqual(['one', 'two']);
      expect((await messageRow(second.body.id)).status).toBe('sent');
    });
    expect(w.sim.calls.get('cgi-bin/token')).toBe(fetched + 1);
    expect((await messageRow(first.body.id)).status).toBe('sent');
  });

  it('a token the platform no longer knows (40001): refreshed once, the reply still arrives', async () => {
    const u = await userWhoWrote('token 40001');
    const fetched = w.sim.calls.get('cgi-bin/token') ?? 0;
    w.sim.tokens.clear(); // e.g. another client fetched a new token long ago
    const r = await reply(u.conversationId, { content: 'after 40001' });
    await passes(async () => {
      expect(w.sim.phone(inbox.sim.appId, u.openId).map((m) => m.text)).toEqual(['after 40001']);
      expect((await messageRow(r.body.id)).status).toBe('sent');
    });
    expect(w.sim.calls.get('cgi-bin/token')).toBe(fetched + 1);
  });

  it('"system busy" is tried again; after 3 attempts the message fails with wechat_send_failed', async () => {
    const u = await userWhoWrote('busy test');
    w.sim.failSends = { errcode: -1, times: 1 };
    const once = await reply(u.conversationId, { content: 'second try works' });
    await passes(async () => {
      expect(w.sim.phone(inbox.sim.appId, u.openId).map((m) => m.text)).toEqual([
        'second try works',
      ]);
      expect((await messageRow(once.body.id)).status).toBe('sent');
    });
    w.sim.failSends = { errcode: -1, times: 3 };
    const never = await reply(u.conversationId, { content: 'never arrives' });
    await passes(async () => {
      const m = await messageRow(never.body.id);
      expect(m.status).toBe('failed');
      expect(JSON.parse(m.content_attributes).wechat.delivery).toMatchObject({
        code: 'wechat_send_failed',
        errcode: -1,
        attempts: 3,
      });
    });
    w.sim.failSends = null;
    expect(w.sim.phone(inbox.sim.appId, u.openId)).toHaveLength(1);
  });

  it("the platform's own refusal (45015) fails the message with its code, words and fallback", async () => {
    const u = await userWhoWrote('platform says no');
    w.sim.windows.delete(`${inbox.sim.appId}/${u.openId}`); // the platform sees no window
    const r = await reply(u.conversationId, { content: 'will not arrive' });
    await passes(async () => {
      const m = await messageRow(r.body.id);
      expect(m.status).toBe('failed');
      const d = JSON.parse(m.content_attributes).wechat.delivery;
      expect(d).toMatchObject({
        state: 'failed',
        code: 'wechat_reply_window_closed',
        errcode: 45015,
      });
      expect(d.messages['zh-CN']).toContain('48 小时');
      expect(d.messages.en).toContain('48 hours');
      expect(d.fallback).toEqual([]);
    });
    const win = await w.app.api('GET', `/api/v1/conversations/${u.conversationId}/wechat-window`, {
      session: w.agent,
    });
    expect(win.body.window).toMatchObject({ open: false, remaining: 0 }); // closed on our side too
    expect(w.sim.phone(inbox.sim.appId, u.openId)).toEqual([]);
  });

  it('private notes and incoming messages are never sent', async () => {
    const u = await userWhoWrote('note test');
    const note = await reply(u.conversationId, { content: 'internal only', private: true });
    expect(note.status).toBe(201);
    const after = await reply(u.conversationId, { content: 'public' });
    await passes(async () => {
      expect(w.sim.phone(inbox.sim.appId, u.openId).map((m) => m.text)).toEqual(['public']);
      expect((await messageRow(after.body.id)).status).toBe('sent');
    });
    const outbox = await w.app.services.database.db
      .selectFrom('wechat_outbox')
      .select('message_id')
      .where('conversation_id', '=', u.conversationId)
      .execute();
    expect(outbox.map((o) => o.message_id)).toEqual([after.body.id]);
  });
});
