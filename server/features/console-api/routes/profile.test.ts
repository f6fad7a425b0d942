/** Profile (avatar, availability, preferences) and account settings through the real server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededAccount, Session, TestApp } from '../../../test/test-app.ts';
import { consoleApp } from '../test/console-app.ts';

let app: TestApp;
let acct: SeededAccount;
let other: SeededAccount;
let owner: Session;
let agent: Session;
let stranger: Session;

beforeAll(async () => {
  ({ app, acct, other, owner, agent, stranger } = await consoleApp());
});
afterAll(async () => {
  await app.stop();
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const form = (data: Buffer | string, name: string) => {
  const f = new FormData();
  f.append('file', new Blob([typeof data === 'string' ? data : new Uint8Array(data)]), name);
  return f;
};

describe('profile and account', () => {
  it('uploads an avatar image, serves it safely to the same account only, replaces and removes it', async () => {
    const up = await app.api('POST', '/api/v1/me/avatar', {
      session: agent,
      raw: form(PNG, 'me.png'),
    });
    expect(up.status).toBe(200);
    const url = up.body.user.avatarUrl as string;
    expect(url).toMatch(new RegExp(`^/api/v1/users/${acct.users.agent.id}/avatar\\?v=`));
    const img = await app.api('GET', url, { session: owner });
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('x-content-type-options')).toBe('nosniff');
    expect(img.headers.get('content-security-policy')).toContain('sandbox');
    expect((await app.api('GET', url, { session: stranger })).status).toBe(404);
    const up2 = await app.api('POST', '/api/v1/me/avatar', {
      session: agent,
      raw: form(PNG, 'again.png'),
    });
    expect(up2.body.user.avatarUrl).not.toBe(url);
    const oldKey = `${acct.accountId}/avatars/${url.split('v=')[1]}`;
    expect(await app.services.storage.get(oldKey)).toBeNull();
    const del = await app.api('DELETE', '/api/v1/me/avatar', { session: agent });
    expect(del.body.user.avatarUrl).toBeNull();
    expect((await app.api('GET', up2.body.user.avatarUrl, { session: owner })).status).toBe(404);
  });

  it('refuses non-images, SVG with script and HTML as avatars', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    for (const [data, name] of [
      [svg, 'x.svg'],
      ['<html><script>alert(1)</script></html>', 'x.png'],
      ['just text', 'a.txt'],
    ] as const) {
      const res = await app.api('POST', '/api/v1/me/avatar', {
        session: agent,
        raw: form(data, name),
      });
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe('unsupported_media_type');
    }
    const json = await app.api('POST', '/api/v1/me/avatar', { session: agent, body: { url: 'x' } });
    expect(json.status).toBe(415);
  });

  it('changing availability records an event the supervisor view can follow', async () => {
    await app.api('PATCH', '/api/v1/me', {
      session: agent,
      body: {
        availability: 'online',
        preferences: {
          notifications: {
            desktop: false,
            sound: true,
            events: { new_message: true, assignment: true },
          },
        },
      },
    });
    const me = await app.api('GET', '/api/v1/me', { session: agent });
    expect(me.body.user.preferences.notifications).toEqual({
      desktop: false,
      sound: true,
      events: { new_message: true, assignment: true },
    });
    const ev = await app.services.database.db
      .selectFrom('events')
      .select(['type', 'payload'])
      .where('account_id', '=', acct.accountId)
      .where('type', '=', 'user.availability_changed')
      .execute();
    expect(ev.map((e) => JSON.parse(e.payload))).toContainEqual({
      userId: acct.users.agent.id,
      availability: 'online',
      previous: 'offline',
    });
  });

  it('admins edit the account profile; agents read it; invalid input is rejected', async () => {
    expect(
      (await app.api('PATCH', '/api/v1/account', { session: agent, body: { name: 'Hacked' } }))
        .status,
    ).toBe(403);
    const res = await app.api('PATCH', '/api/v1/account', {
      session: owner,
      body: { name: 'Demo Shop 商店', locale: 'en' },
    });
    expect(res.body).toMatchObject({ name: 'Demo Shop 商店', locale: 'en' });
    expect((await app.api('GET', '/api/v1/account', { session: agent })).body).toMatchObject({
      id: acct.accountId,
      name: 'Demo Shop 商店',
      locale: 'en',
    });
    expect(
      (await app.api('PATCH', '/api/v1/account', { session: owner, body: { locale: 'fr' } }))
        .status,
    ).toBe(400);
    expect(
      (await app.api('PATCH', '/api/v1/account', { session: owner, body: { slug: 'x' } })).status,
    ).toBe(400);
    expect((await app.api('GET', '/api/v1/account', { session: stranger })).body.id).toBe(
      other.accountId,
    );
  });
});
