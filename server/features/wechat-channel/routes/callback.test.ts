/**
 * The callback end to end against the simulator: URL verification, plaintext / compatible / secure
 * posts, every refusal (signature, stale timestamp, tampered ciphertext, bad padding, another
 * app's message, a plain post to a secure inbox, another inbox's token), the platform's retries
 * stored once, and the answer given while processing is still held.
 */
import { randomBytes } from 'node:crypto';
import { createCipheriv } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latch, passes } from '../../../test/wait.ts';
import { aesKeyOf, encryptMessage, messageSignature, urlSignature } from '../domain/crypto.ts';
import { buildWechatXml } from '../domain/xml.ts';
import { signedCallback } from '../test/sim-callback.ts';
import {
  type InboxSetup,
  newOpenId,
  stored,
  type WechatApp,
  wechatApp,
  wechatInbox,
} from '../test/wechat-app.ts';

let w: WechatApp;
let secure: InboxSetup;
let plain: InboxSetup;
let compatible: InboxSetup;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  w = await wechatApp();
  secure = await wechatInbox(w, w.admin, { mode: 'secure' });
  plain = await wechatInbox(w, w.admin, { mode: 'plaintext' });
  compatible = await wechatInbox(w, w.admin, { mode: 'compatible' });
});
afterAll(async () => {
  await w?.stop();
});

const post = (inboxId: string, query: string, body: string) =>
  fetch(`${w.app.url}/channels/wechat/${inboxId}/callback?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body,
  }).then(async (r) => ({ status: r.status, text: await r.text() }));

const codeOf = (text: string) => (JSON.parse(text) as { error: { code: string } }).error.code;

const textFields = (
  openId: string,
  content = 'hi',
  msgId = String(Date.now()) + String(Math.random()).slice(2, 6),
) => ({
  ToUserName: 'gh_test',
  FromUserName: openId,
  CreateTime: now(),
  MsgType: 'text',
  Content: content,
  MsgId: msgId,
});

async function inboundRows(inboxId: string) {
  return w.app.services.database.db
    .selectFrom('wechat_inbound')
    .selectAll()
    .where('inbox_id', '=', inboxId)
    .execute();
}

describe('URL verification (GET)', () => {
  const get = (inboxId: string, q: Record<string, string>) =>
    fetch(`${w.app.url}/channels/wechat/${inboxId}/callback?${new URLSearchParams(q)}`).then(
      async (r) => ({ status: r.status, text: await r.text() }),
    );

  it('answers echostr when the signature matches', async () => {
    const ts = String(now());
    const r = await get(secure.inboxId, {
      signature: urlSignature(secure.sim.token, ts, 'n1'),
      timestamp: ts,
      nonce: 'n1',
      echostr: 'echo-123',
    });
    expect(r).toEqual({ status: 200, text: 'echo-123' });
  });

  it('refuses a wrong signature, a stale timestamp and an unknown inbox', async () => {
    const ts = String(now());
    const bad = await get(secure.inboxId, {
      signature: 'f'.repeat(40),
      timestamp: ts,
      nonce: 'n',
      echostr: 'e',
    });
    expect([bad.status, codeOf(bad.text)]).toEqual([401, 'invalid_signature']);
    const old = String(now() - 3_600);
    const stale = await get(secure.inboxId, {
      signature: urlSignature(secure.sim.token, old, 'n'),
      timestamp: old,
      nonce: 'n',
      echostr: 'e',
    });
    expect([stale.status, codeOf(stale.text)]).toEqual([401, 'wechat_stale_request']);
    const other = await get(plain.inboxId, {
      signature: urlSignature(secure.sim.token, ts, 'n'),
      timestamp: ts,
      nonce: 'n',
      echostr: 'e',
    });
    expect(other.status).toBe(401); // another inbox's token
    const unknown = await get('00000000-0000-7000-8000-000000000000', { echostr: 'e' });
    expect([unknown.status, codeOf(unknown.text)]).toEqual([404, 'not_found']);
    expect((await get('not-an-id', {})).status).toBe(404);
  });
});

describe('messages (POST)', () => {
  it.each([
    ['plaintext', () => plain],
    ['compatible', () => compatible],
    ['secure', () => secure],
  ])('%s mode: a text message becomes a customer message of a new contact', async (_m, inbox) => {
    const { inboxId, sim } = inbox();
    const openId = newOpenId();
    const r = await w.sim.text(sim.appId, openId, `你好 from ${sim.mode}`);
    expect(r.accepted).toBe(true);
    expect(r.attempts).toEqual([{ status: 200, body: 'success' }]);
    const s = await passes(async () => {
      const s = await stored(w.app, inboxId);
      expect(s.messages.map((m) => m.content)).toContain(`你好 from ${sim.mode}`);
      return s;
    });
    const identity = await w.app.services.database.db
      .selectFrom('contact_identities')
      .selectAll()
      .where('kind', '=', `wechat_openid:${sim.appId}`)
      .where('value', '=', openId)
      .executeTakeFirstOrThrow();
    expect(s.conversations.find((c) => c.contact_id === identity.contact_id)).toBeTruthy();
    expect(identity.account_id).toBe(w.acct.accountId);
  });

  it('the platform retrying one message 3 times stores it once', async () => {
    const openId = newOpenId();
    const r = await w.sim.text(secure.sim.appId, openId, 'only once please', { repeat: 3 });
    expect(r.attempts.map((a) => a.body)).toEqual(['success', 'success', 'success']);
    await passes(async () => {
      const rows = (await inboundRows(secure.inboxId)).filter((x) => x.open_id === openId);
      expect(rows.map((x) => x.status)).toEqual(['done']);
    });
    const s = await stored(w.app, secure.inboxId);
    expect(s.messages.filter((m) => m.content === 'only once please')).toHaveLength(1);
  });

  it('events are deduplicated on FromUserName + CreateTime + Event', async () => {
    const openId = newOpenId();
    const at = now();
    const fields = {
      ToUserName: 'gh',
      FromUserName: openId,
      CreateTime: at,
      MsgType: 'event',
      Event: 'CLICK',
      EventKey: 'help',
    };
    for (let i = 0; i < 3; i++) {
      const { query, body } = signedCallback(secure.sim, fields, at);
      expect((await post(secure.inboxId, query, body)).text).toBe('success');
    }
    await passes(async () => {
      const rows = (await inboundRows(secure.inboxId)).filter((x) => x.open_id === openId);
      expect(rows.map((x) => [x.dedupe_key, x.status])).toEqual([
        [`evt:${openId}:${at}:CLICK`, 'done'],
      ]);
    });
  });

  it('answers success while processing is still held (the media download waits on a latch)', async () => {
    const held = latch();
    w.sim.mediaGate = held.gate;
    const openId = newOpenId();
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001',
      'hex',
    );
    const r = await w.sim.file(secure.sim.appId, openId, 'image', {
      data: png,
      contentType: 'image/png',
      fileName: 'a.png',
    });
    expect(r.attempts).toEqual([{ status: 200, body: 'success' }]); // answered, not retried
    const rows = (await inboundRows(secure.inboxId)).filter((x) => x.open_id === openId);
    expect(rows.map((x) => x.status)).toEqual(['pending']); // stored durably, not processed yet
    expect(rows[0].raw_sealed).not.toContain(openId); // sealed at rest
    held.release();
    w.sim.mediaGate = null;
    await passes(async () => {
      const done = (await inboundRows(secure.inboxId)).filter((x) => x.open_id === openId);
      expect(done.map((x) => [x.status, x.raw_sealed])).toEqual([['done', null]]);
      const a = await w.app.services.database.db
        .selectFrom('attachments')
        .selectAll()
        .where('message_id', '=', done[0].message_id!)
        .execute();
      expect(a.map((x) => x.content_type)).toEqual(['image/png']);
    });
  });
});

describe('refusals', () => {
  const fields = () => textFields(newOpenId(), 'refuse me');

  it('a tampered ciphertext is refused by msg_signature before decrypting', async () => {
    const { query, body } = signedCallback(secure.sim, fields(), now());
    const enc = /<Encrypt><!\[CDATA\[([^\]]+)\]\]>/.exec(body)![1];
    const bytes = Buffer.from(enc, 'base64');
    bytes[20] ^= 0x01;
    const r = await post(secure.inboxId, query, body.replace(enc, bytes.toString('base64')));
    expect([r.status, codeOf(r.text)]).toEqual([401, 'invalid_signature']);
  });

  it('bad padding signed with the right token is refused as undecryptable', async () => {
    const key = aesKeyOf(secure.sim.encodingAesKey!);
    const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    const enc = Buffer.concat([c.update(randomBytes(64)), c.final()]).toString('base64');
    const ts = String(now());
    const q = new URLSearchParams({
      timestamp: ts,
      nonce: 'n',
      encrypt_type: 'aes',
      msg_signature: messageSignature(secure.sim.token, ts, 'n', enc),
    });
    const r = await post(
      secure.inboxId,
      q.toString(),
      buildWechatXml({ ToUserName: 'gh', Encrypt: enc }),
    );
    expect([r.status, codeOf(r.text)]).toEqual([400, 'wechat_decrypt_failed']);
  });

  it('a message encrypted for another app (right token and key) is refused: wechat_appid_mismatch', async () => {
    const ts = String(now());
    const enc = encryptMessage(
      aesKeyOf(secure.sim.encodingAesKey!),
      'wx0000000000000000',
      buildWechatXml(fields()),
    );
    const q = new URLSearchParams({
      timestamp: ts,
      nonce: 'n',
      encrypt_type: 'aes',
      msg_signature: messageSignature(secure.sim.token, ts, 'n', enc),
    });
    const r = await post(
      secure.inboxId,
      q.toString(),
      buildWechatXml({ ToUserName: 'gh', Encrypt: enc }),
    );
    expect([r.status, codeOf(r.text)]).toEqual([401, 'wechat_appid_mismatch']);
  });

  it('a plaintext post to a secure inbox, a stale timestamp and junk XML are refused', async () => {
    const plainPost = signedCallback({ ...secure.sim, mode: 'plaintext' }, fields(), now());
    const r1 = await post(secure.inboxId, plainPost.query, plainPost.body);
    expect([r1.status, codeOf(r1.text)]).toEqual([400, 'wechat_encryption_required']);
    const old = signedCallback(secure.sim, fields(), now() - 3_600);
    const r2 = await post(secure.inboxId, old.query, old.body);
    expect([r2.status, codeOf(r2.text)]).toEqual([401, 'wechat_stale_request']);
    const ts = String(now());
    const q = new URLSearchParams({
      signature: urlSignature(plain.sim.token, ts, 'n'),
      timestamp: ts,
      nonce: 'n',
    });
    const r3 = await post(
      plain.inboxId,
      q.toString(),
      '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><A>&x;</A></xml>',
    );
    expect([r3.status, codeOf(r3.text)]).toEqual([400, 'wechat_invalid_xml']);
    const r4 = await post(plain.inboxId, q.toString(), '<xml><FromUserName>x</FromUserName></xml>');
    expect([r4.status, codeOf(r4.text)]).toEqual([400, 'wechat_invalid_xml']);
  });

  it("cross-tenant: another account's inbox cannot write through this inbox's callback, nor the reverse", async () => {
    const acctB = await w.app.seedAccount();
    const adminB = await w.app.login(acctB.users.owner.email, acctB.users.owner.password);
    const b = await wechatInbox(w, adminB, { mode: 'secure' });
    const before = (await inboundRows(secure.inboxId)).length;
    // B's app, signed and encrypted with B's secrets, posted to A's callback URL
    const forged = signedCallback(b.sim, fields(), now());
    const r = await post(secure.inboxId, forged.query, forged.body);
    expect([r.status, codeOf(r.text)]).toEqual([401, 'invalid_signature']);
    expect((await inboundRows(secure.inboxId)).length).toBe(before);
    // A's secrets posted to B's URL
    const other = signedCallback(secure.sim, fields(), now());
    expect((await post(b.inboxId, other.query, other.body)).status).toBe(401);
    expect(await inboundRows(b.inboxId)).toEqual([]);
    // B's own message lands in B's account only
    await w.sim.text(b.sim.appId, newOpenId(), 'for B');
    await passes(async () => {
      const s = await stored(w.app, b.inboxId);
      expect(s.conversations.map((c) => c.account_id)).toEqual([acctB.accountId]);
    });
  });
});
