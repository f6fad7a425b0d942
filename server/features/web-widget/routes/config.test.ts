/** GET /widget/v1/config: availability, and the allow-list for the embedding page's origin. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededAccount, Session, TestApp } from '../../../test/test-app.ts';
import { inboxSettings, widgetApp, type WidgetApp } from '../test/widget.ts';

let w: WidgetApp;
let app: TestApp;
let acct: SeededAccount;
let agent: Session;

beforeAll(async () => {
  w = await widgetApp();
  ({ app, acct, agent } = w);
});
afterAll(async () => {
  await w?.app.stop();
});

describe('config and allowed domains', () => {
  it('config reports availability: offline until an agent is online', async () => {
    const before = await app.api('GET', `/widget/v1/config?token=${acct.inboxToken}`);
    expect(before.body.availability).toEqual({
      online: false,
      reason: 'no_agents_online',
      nextOpenAt: null,
    });
    expect(
      (await app.api('PATCH', '/api/v1/me', { session: agent, body: { availability: 'online' } }))
        .status,
    ).toBe(200);
    const after = await app.api('GET', `/widget/v1/config?token=${acct.inboxToken}`);
    expect(after.body.availability).toMatchObject({ online: true, reason: 'agents_online' });
    const s = await app.api('POST', '/widget/v1/sessions', {
      body: { inboxToken: acct.inboxToken },
    });
    expect(s.body.availability.online).toBe(true);
  });

  it('the embedding page origin told to the iframe is checked against the allow-list', async () => {
    await inboxSettings(w, { allowedDomains: ['shop.example.com'] });
    try {
      const bad = await app.api(
        'GET',
        `/widget/v1/config?token=${acct.inboxToken}&origin=${encodeURIComponent('https://evil.example')}`,
      );
      expect(bad.status).toBe(403);
      expect(bad.body.error.code).toBe('origin_not_allowed');
      expect(bad.headers.get('access-control-allow-origin')).toBe('*'); // the loader can read the refusal and hide itself
      const good = await app.api(
        'GET',
        `/widget/v1/config?token=${acct.inboxToken}&origin=${encodeURIComponent('https://shop.example.com')}`,
      );
      expect(good.status).toBe(200);
      const sess = await app.api('POST', '/widget/v1/sessions', {
        body: { inboxToken: acct.inboxToken, pageOrigin: 'https://evil.example' },
      });
      expect(sess.status).toBe(403);
      const badOrigin = await app.api(
        'GET',
        `/widget/v1/config?token=${acct.inboxToken}&origin=javascript:alert(1)`,
      );
      expect(badOrigin.status).toBe(400);
    } finally {
      await inboxSettings(w, { allowedDomains: [] });
    }
  });
});
