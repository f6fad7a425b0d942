/**
 * One person across two WeChat apps of the account: the platform gives both openids the same
 * UnionID, so the second contact is merged into the first at once — identities, conversations and
 * messages — and each conversation offers the other as a fallback. A follower without a UnionID
 * stays a contact of their own; a follow and an unfollow mark the contact.
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
let shop: InboxSetup;
let service: InboxSetup;

beforeAll(async () => {
  w = await wechatApp();
  shop = await wechatInbox(w, w.admin, { mode: 'secure', name: '商城公众号' });
  service = await wechatInbox(w, w.admin, { mode: 'plaintext', name: '服务号' });
});
afterAll(async () => {
  await w?.stop();
});

const identitiesOf = (contactId: string) =>
  w.app.services.database.db
    .selectFrom('contact_identities')
    .select(['kind', 'value'])
    .where('contact_id', '=', contactId)
    .orderBy('kind')
    .execute();

async function contactOf(appId: string, openId: string) {
  return passes(async () => {
    const row = await w.app.services.database.db
      .selectFrom('contact_identities')
      .select('contact_id')
      .where('kind', '=', `wechat_openid:${appId}`)
      .where('value', '=', openId)
      .executeTakeFirstOrThrow();
    return row.contact_id;
  });
}

describe('UnionID', () => {
  it('two apps, one UnionID: the second contact is merged into the first', async () => {
    const a = newOpenId();
    const b = newOpenId();
    w.sim.setUnionId(shop.sim.appId, a, 'union-1');
    w.sim.setUnionId(service.sim.appId, b, 'union-1');
    await w.sim.text(shop.sim.appId, a, '在商城买的');
    const first = await contactOf(shop.sim.appId, a);
    await passes(async () =>
      expect(await identitiesOf(first)).toContainEqual({
        kind: 'wechat_unionid',
        value: 'union-1',
      }),
    );
    await w.sim.text(service.sim.appId, b, '服务号这边问一下');
    await passes(async () => {
      expect(await contactOf(service.sim.appId, b)).toBe(first);
      const ids = (await identitiesOf(first)).map((i) => `${i.kind}=${i.value}`).sort();
      expect(ids).toEqual(
        [
          `wechat_openid:${shop.sim.appId}=${a}`,
          `wechat_openid:${service.sim.appId}=${b}`,
          'wechat_unionid=union-1',
        ].sort(),
      );
      const s2 = await stored(w.app, service.inboxId);
      const m = s2.messages.find((x) => x.content === '服务号这边问一下');
      expect(m?.sender_id).toBe(first);
    });
    const detail = await w.app.api('GET', `/api/v1/contacts/${first}`, { session: w.agent });
    expect(detail.body.conversations.map((c: { inboxId: string }) => c.inboxId).sort()).toEqual(
      [shop.inboxId, service.inboxId].sort(),
    );
    const c2 = (await stored(w.app, service.inboxId)).conversations.find(
      (c) => c.contact_id === first,
    )!;
    const win = await w.app.api('GET', `/api/v1/conversations/${c2.id}/wechat-window`, {
      session: w.agent,
    });
    expect(win.body.fallback).toEqual([
      expect.objectContaining({
        type: 'conversation',
        inboxId: shop.inboxId,
        inboxName: '商城公众号',
        channelType: 'wechat_oa',
      }),
    ]);
    // a reply in each conversation reaches the right openid of the right app
    await w.app.api('POST', `/api/v1/conversations/${c2.id}/messages`, {
      session: w.agent,
      body: { content: '服务号回复' },
    });
    await passes(() =>
      expect(w.sim.phone(service.sim.appId, b).map((m) => m.text)).toEqual(['服务号回复']),
    );
    expect(w.sim.phone(shop.sim.appId, a)).toEqual([]);
  });

  it('followers without a UnionID stay apart; a follow and an unfollow mark the contact', async () => {
    const x = newOpenId();
    const y = newOpenId();
    await w.sim.event(shop.sim.appId, x, 'subscribe');
    await w.sim.text(shop.sim.appId, y, 'no union');
    const cx = await contactOf(shop.sim.appId, x);
    const cy = await contactOf(shop.sim.appId, y);
    expect(cx).not.toBe(cy);
    const attrs = async () =>
      JSON.parse(
        (
          await w.app.services.database.db
            .selectFrom('contacts')
            .select('attributes')
            .where('id', '=', cx)
            .executeTakeFirstOrThrow()
        ).attributes,
      );
    await passes(async () => expect((await attrs()).wechat).toMatchObject({ subscribed: true }));
    expect(
      (await stored(w.app, shop.inboxId)).conversations.filter((c) => c.contact_id === cx),
    ).toEqual([]); // events make no conversation
    await w.sim.event(shop.sim.appId, x, 'unsubscribe');
    await passes(async () => expect((await attrs()).wechat).toMatchObject({ subscribed: false }));
  });
});
