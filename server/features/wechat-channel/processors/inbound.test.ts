/**
 * The inbound processor: every message type lands as the agent should read it (video through the
 * `video_url` media/get answers, location, link), media that cannot be fetched still leaves the
 * message, unknown types are ignored, and running one stored delivery twice at once (a redelivered
 * event) gives one message; processed rows are pruned after the keep time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latch, passes } from '../../../test/wait.ts';
import { wechatApiOf } from '../feature.ts';
import {
  type InboxSetup,
  newOpenId,
  stored,
  type WechatApp,
  wechatApp,
  wechatInbox,
} from '../test/wechat-app.ts';
import { pruneInbound } from '../store/prune.ts';
import { processInbound } from './inbound.ts';

let w: WechatApp;
let inbox: InboxSetup;

beforeAll(async () => {
  w = await wechatApp();
  inbox = await wechatInbox(w, w.admin, { mode: 'compatible' });
});
afterAll(async () => {
  await w?.stop();
});

const db = () => w.app.services.database.db;

async function messagesOf(openId: string) {
  return passes(async () => {
    const rows = await db()
      .selectFrom('wechat_inbound')
      .selectAll()
      .where('open_id', '=', openId)
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status !== 'pending')).toBe(true);
    const ids = rows.map((r) => r.message_id).filter((x): x is string => !!x);
    const messages = await db()
      .selectFrom('messages')
      .selectAll()
      .where('id', 'in', ['', ...ids])
      .orderBy('seq')
      .execute();
    return { rows, messages };
  });
}

const mp4 = Buffer.concat([
  Buffer.from('0000001866747970697336360000000069736f6d61766331', 'hex'),
  Buffer.alloc(32),
]);

describe('inbound messages', () => {
  it('video (fetched through its video_url) and shortvideo become attachments', async () => {
    const openId = newOpenId();
    await w.sim.file(inbox.sim.appId, openId, 'video', {
      data: mp4,
      contentType: 'video/mp4',
      fileName: 'v.mp4',
    });
    await w.sim.file(inbox.sim.appId, openId, 'shortvideo', {
      data: mp4,
      contentType: 'video/mp4',
      fileName: 's.mp4',
    });
    const { messages } = await messagesOf(openId);
    const files = await db()
      .selectFrom('attachments')
      .select(['message_id', 'content_type', 'size'])
      .where(
        'message_id',
        'in',
        messages.map((m) => m.id),
      )
      .execute();
    expect(files.map((f) => [f.content_type, Number(f.size)])).toEqual([
      ['video/mp4', mp4.length],
      ['video/mp4', mp4.length],
    ]);
    expect(messages.map((m) => JSON.parse(m.content_attributes).wechat.msgType).sort()).toEqual([
      'shortvideo',
      'video',
    ]);
  });

  it('location and link read as text, with their details in the attributes', async () => {
    const openId = newOpenId();
    await w.sim.deliver(inbox.sim.appId, openId, {
      MsgType: 'location',
      Location_X: '31.2304',
      Location_Y: '121.4737',
      Scale: '15',
      Label: '上海市黄浦区',
      MsgId: '90000000000000001',
    });
    await w.sim.deliver(inbox.sim.appId, openId, {
      MsgType: 'link',
      Title: '订单详情',
      Description: '#1234',
      Url: 'https://shop.example/o/1234',
      MsgId: '90000000000000002',
    });
    const { messages } = await messagesOf(openId);
    await passes(() => expect(messages).toHaveLength(2));
    expect(messages.map((m) => m.content)).toEqual([
      '上海市黄浦区',
      '订单详情\nhttps://shop.example/o/1234',
    ]);
    expect(JSON.parse(messages[0].content_attributes).wechat.location).toEqual({
      latitude: 31.2304,
      longitude: 121.4737,
      scale: 15,
      label: '上海市黄浦区',
    });
  });

  it('media that cannot be fetched still leaves the message, with the reason', async () => {
    const openId = newOpenId();
    await w.sim.deliver(inbox.sim.appId, openId, {
      MsgType: 'image',
      MediaId: 'expired-media',
      PicUrl: 'http://127.0.0.1/x.jpg',
      MsgId: '90000000000000003',
    });
    const { messages } = await messagesOf(openId);
    expect(JSON.parse(messages[0].content_attributes).wechat).toMatchObject({
      msgType: 'image',
      mediaError: 'errcode 40007',
    });
  });

  it('unknown message types are acknowledged and ignored', async () => {
    const openId = newOpenId();
    const r = await w.sim.deliver(inbox.sim.appId, openId, {
      MsgType: 'hologram',
      MsgId: '90000000000000004',
    });
    expect(r.accepted).toBe(true);
    const { rows, messages } = await messagesOf(openId);
    expect(rows.map((x) => [x.status, x.last_error])).toEqual([['ignored', 'type hologram']]);
    expect(messages).toEqual([]);
  });

  it('one stored delivery run twice at once (a redelivered event) gives one message', async () => {
    const held = latch();
    w.sim.mediaGate = held.gate;
    const openId = newOpenId();
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489',
      'hex',
    );
    await w.sim.file(inbox.sim.appId, openId, 'image', {
      data: png,
      contentType: 'image/png',
      fileName: 'p.png',
    });
    const row = await passes(async () => {
      const r = await db()
        .selectFrom('wechat_inbound')
        .selectAll()
        .where('open_id', '=', openId)
        .executeTakeFirstOrThrow();
      return r;
    });
    // the dispatcher's own run waits on the media gate; a second run of the same event joins it
    const again = processInbound(
      w.app.services,
      wechatApiOf(w.app.services),
      row.account_id,
      row.id,
    );
    held.release();
    w.sim.mediaGate = null;
    await again;
    const { rows, messages } = await messagesOf(openId);
    expect(rows.map((x) => x.status)).toEqual(['done']);
    expect(messages).toHaveLength(1);
    const s = await stored(w.app, inbox.inboxId);
    expect(
      s.messages.filter(
        (m) =>
          m.external_id === `wechat:${JSON.parse(messages[0].content_attributes).wechat.msgId}`,
      ),
    ).toHaveLength(1);
  });
});

describe('pruning the inbound table', () => {
  it('deletes done and ignored rows past the keep time only', async () => {
    const db = w.app.services.database.db;
    const row = (
      id: string,
      status: 'pending' | 'done' | 'ignored' | 'failed',
      processedAt: number | null,
    ) => ({
      id,
      account_id: 'a',
      inbox_id: 'i',
      dedupe_key: `k-${id}`,
      open_id: 'o',
      msg_type: 'text',
      raw_sealed: null,
      status,
      attempts: 0,
      last_error: null,
      message_id: null,
      created_at: 1,
      processed_at: processedAt,
    });
    await db
      .insertInto('wechat_inbound')
      .values([
        row('old-done', 'done', 1_000),
        row('old-ignored', 'ignored', 1_000),
        row('old-failed', 'failed', 1_000),
        row('pending', 'pending', null),
        row('new-done', 'done', 9_500),
      ])
      .execute();
    expect(await pruneInbound(db, 10_000, 1_000)).toBe(2);
    const left = await db
      .selectFrom('wechat_inbound')
      .select('id')
      .where('account_id', '=', 'a')
      .orderBy('id')
      .execute();
    expect(left.map((r) => r.id)).toEqual(['new-done', 'old-failed', 'pending']);
  });
});
