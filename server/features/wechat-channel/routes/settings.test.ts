/**
 * Admin settings of a WeChat inbox: secrets sealed at rest and never returned, a later PUT keeps
 * the secrets it leaves out, the inbox list shows no secret either, and every refusal (agents,
 * another account's inbox, a widget inbox, missing secrets, bad values).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passes } from '../../../test/wait.ts';
import { newAppId, newOpenId, type WechatApp, wechatApp, wechatInbox } from '../test/wechat-app.ts';

let w: WechatApp;

beforeAll(async () => {
  w = await wechatApp();
});
afterAll(async () => {
  await w?.stop();
});

const put = (inboxId: string, body: Record<string, unknown>, session = w.admin) =>
  w.app.api('PUT', `/api/v1/inboxes/${inboxId}/wechat`, { session, body });

describe('WeChat inbox settings', () => {
  it('secrets are sealed and never returned; a PUT without them keeps them', async () => {
    const inbox = await wechatInbox(w, w.admin, { mode: 'secure' });
    const got = await w.app.api('GET', `/api/v1/inboxes/${inbox.inboxId}/wechat`, {
      session: w.admin,
    });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      appId: inbox.sim.appId,
      appKind: 'official_account',
      mode: 'secure',
      tokenSet: true,
      encodingAesKeySet: true,
      appSecretSet: true,
      callbackPath: `/channels/wechat/${inbox.inboxId}/callback`,
    });
    const everything = JSON.stringify([
      got.body,
      (await w.app.api('GET', '/api/v1/inboxes', { session: w.admin })).body,
      (await w.app.api('GET', '/api/v1/inboxes', { session: w.agent })).body,
    ]);
    for (const secret of [inbox.sim.token, inbox.sim.appSecret, inbox.sim.encodingAesKey!])
      expect(everything).not.toContain(secret);
    const row = await w.app.services.database.db
      .selectFrom('wechat_inboxes')
      .selectAll()
      .where('inbox_id', '=', inbox.inboxId)
      .executeTakeFirstOrThrow();
    for (const secret of [inbox.sim.token, inbox.sim.appSecret, inbox.sim.encodingAesKey!])
      expect(JSON.stringify(row)).not.toContain(secret);
    const again = await put(inbox.inboxId, {
      appId: inbox.sim.appId,
      mode: 'secure',
      fetchUserInfo: false,
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ tokenSet: true, fetchUserInfo: false });
    const openId = newOpenId();
    expect((await w.sim.text(inbox.sim.appId, openId, 'still verified')).accepted).toBe(true);
    await passes(async () => {
      const m = await w.app.services.database.db
        .selectFrom('messages')
        .select('content')
        .where('content', '=', 'still verified')
        .executeTakeFirst();
      expect(m).toBeTruthy();
    });
  });

  it('refuses agents, unknown and foreign inboxes, other channels, missing secrets and bad values', async () => {
    const inbox = await wechatInbox(w, w.admin);
    const body = {
      appId: newAppId(),
      mode: 'plaintext',
      token: 'tok123',
      appSecret: 'x'.repeat(32),
    };
    const asAgent = await put(inbox.inboxId, body, w.agent);
    expect([asAgent.status, asAgent.body.error.code]).toEqual([403, 'forbidden']);
    expect(
      (await w.app.api('GET', `/api/v1/inboxes/${inbox.inboxId}/wechat`, { session: w.agent }))
        .status,
    ).toBe(403);
    const other = await w.app.seedAccount();
    const otherAdmin = await w.app.login(other.users.owner.email, other.users.owner.password);
    expect((await put(inbox.inboxId, body, otherAdmin)).status).toBe(404);
    expect(
      (await w.app.api('GET', `/api/v1/inboxes/${inbox.inboxId}/wechat`, { session: otherAdmin }))
        .status,
    ).toBe(404);
    expect((await put('not-an-id', body)).status).toBe(404);
    const widget = await put(w.acct.inboxId, body);
    expect([widget.status, widget.body.error.code]).toEqual([400, 'wechat_wrong_channel']);
    const fresh = await w.app.api('POST', '/api/v1/inboxes', {
      session: w.admin,
      body: { name: 'New WeChat', channelType: 'wechat_oa' },
    });
    const noSecret = await put(fresh.body.id, {
      appId: newAppId(),
      mode: 'plaintext',
      token: 'tok123',
    });
    expect([noSecret.status, noSecret.body.error.code]).toEqual([
      400,
      'wechat_settings_incomplete',
    ]);
    expect(noSecret.body.error.details).toEqual({ missing: ['appSecret'] });
    const noKey = await put(fresh.body.id, { ...body, mode: 'secure' });
    expect([noKey.status, noKey.body.error.code]).toEqual([400, 'wechat_settings_incomplete']);
    for (const bad of [
      { ...body, appId: 'wx123' },
      { ...body, token: 'a b' },
      { ...body, encodingAesKey: 'short' },
      { ...body, mode: 'loud' },
      { ...body, extra: 1 },
    ]) {
      const r = await put(fresh.body.id, bad);
      expect([r.status, r.body.error.code], JSON.stringify(bad)).toEqual([400, 'invalid_request']);
    }
    expect((await put(fresh.body.id, body)).status).toBe(200);
  });
});
