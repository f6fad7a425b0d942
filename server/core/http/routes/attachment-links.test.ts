/**
 * Widget downloads through short-lived signed links (issue 13): the visitor token never appears in a
 * URL. A link opens one file of one account until it expires; tampered, expired, other-account and
 * the old `?t=<visitor token>` forms are refused with stable codes; agents keep their cookie route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededAccount, type TestApp, testApp } from '../../../test/test-app.ts';
import { signAttachmentLink } from '../../lib/attachment-link.ts';

let app: TestApp;
let a: SeededAccount;
let b: SeededAccount;
let visitorA: { token: string; contactId: string };
let fileId: string;
const bytes = Buffer.from('hello, signed world');

beforeAll(async () => {
  app = await testApp();
  a = await app.seedAccount({ slug: 'links-a' });
  b = await app.seedAccount({ slug: 'links-b' });
  visitorA = await app.visitor(a.inboxToken);
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'text/plain' }), 'note.txt');
  const up = await app.api('POST', '/widget/v1/attachments', { token: visitorA.token, raw: form });
  expect(up.status).toBe(201);
  fileId = up.body.id;
  const sent = await app.api('POST', '/widget/v1/messages', {
    token: visitorA.token,
    body: { content: 'see file', clientMessageId: 'links-1', attachmentIds: [fileId] },
  });
  expect(sent.status).toBe(201);
});
afterAll(async () => {
  await app.stop();
});

const links = (token: string, ids: string[]) =>
  app.api('POST', '/widget/v1/attachments/links', { token, body: { ids } });
const get = (path: string) => fetch(`${app.url}${path}`);
const codeOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;

describe('signed attachment links', () => {
  it('the visitor gets a link (token in the header only) that downloads the file', async () => {
    const r = await links(visitorA.token, [fileId, '00000000-0000-4000-8000-000000000000']);
    expect(r.status).toBe(200);
    expect(r.body.expiresIn).toBeGreaterThan(60);
    expect(r.body.expiresIn).toBeLessThanOrEqual(600);
    expect(r.body.links).toHaveLength(1);
    const { url } = r.body.links[0];
    expect(url).toMatch(new RegExp(`^/widget/v1/attachments/${fileId}\\?exp=\\d+&sig=[0-9a-f]+$`));
    expect(url).not.toContain(visitorA.token);
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
  });

  it('an expired link answers 403 link_expired', async () => {
    const old = signAttachmentLink(
      app.services.secret,
      { accountId: a.accountId, attachmentId: fileId },
      app.services.clock.now() - 3_600_000,
    );
    const res = await get(old.url);
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe('link_expired');
  });

  it('a tampered link answers 403 invalid_signature', async () => {
    const { url } = (await links(visitorA.token, [fileId])).body.links[0];
    const u = new URL(url, app.url);
    const later = new URL(u);
    later.searchParams.set('exp', String(Number(u.searchParams.get('exp')) + 86_400));
    const sig = u.searchParams.get('sig')!;
    const forged = new URL(u);
    forged.searchParams.set('sig', `${sig[0] === 'a' ? 'b' : 'a'}${sig.slice(1)}`);
    for (const bad of [later, forged]) {
      const res = await get(`${bad.pathname}${bad.search}`);
      expect(res.status).toBe(403);
      expect(await codeOf(res)).toBe('invalid_signature');
    }
    // a link without its query, or for an id that does not exist, answers the same
    for (const path of [
      `/widget/v1/attachments/${fileId}`,
      `/widget/v1/attachments/00000000-0000-4000-8000-000000000000${u.search}`,
    ]) {
      const res = await get(path);
      expect(res.status).toBe(403);
      expect(await codeOf(res)).toBe('invalid_signature');
    }
  });

  it("another account's link or visitor opens nothing of this account", async () => {
    const forB = signAttachmentLink(
      app.services.secret,
      { accountId: b.accountId, attachmentId: fileId },
      app.services.clock.now(),
    );
    const res = await get(forB.url);
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe('invalid_signature');
    const visitorB = await app.visitor(b.inboxToken);
    expect((await links(visitorB.token, [fileId])).body.links).toEqual([]);
    // nor does another visitor of the same account
    const stranger = await app.visitor(a.inboxToken);
    expect((await links(stranger.token, [fileId])).body.links).toEqual([]);
  });

  it('the old ?t=<visitor token> form is refused, also next to a signature', async () => {
    const t = encodeURIComponent(visitorA.token);
    const res = await get(`/widget/v1/attachments/${fileId}?t=${t}`);
    expect(res.status).toBe(400);
    expect(await codeOf(res)).toBe('invalid_request');
    const { url } = (await links(visitorA.token, [fileId])).body.links[0];
    expect((await get(`${url}&t=${t}`)).status).toBe(400);
  });

  it('links need a visitor token; agents keep downloading with their session', async () => {
    const anon = await app.api('POST', '/widget/v1/attachments/links', { body: { ids: [fileId] } });
    expect(anon.status).toBe(401);
    const agent = await app.login(a.users.agent.email, a.users.agent.password);
    const res = await fetch(`${app.url}/api/v1/attachments/${fileId}`, {
      headers: { cookie: agent.cookie },
    });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    const agentB = await app.login(b.users.agent.email, b.users.agent.password);
    const other = await fetch(`${app.url}/api/v1/attachments/${fileId}`, {
      headers: { cookie: agentB.cookie },
    });
    expect(other.status).toBe(404);
  });
});
