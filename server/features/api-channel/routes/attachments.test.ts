/**
 * Files from and to the app: upload for a user (the core's upload command: type from the bytes),
 * send its id with that user's message, agents see it; the app downloads files of its inbox with its
 * token (also an agent's attachment, linked from the webhook payload), never another inbox's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type SeededAccount, type Session, type TestApp } from '../../../test/test-app.ts';
import { createApiInbox, type ApiInbox } from '../test/harness.ts';

let t: TestApp;
let acct: SeededAccount;
let admin: Session;
let inbox: ApiInbox;
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

beforeAll(async () => {
  t = await testApp();
  acct = await t.seedAccount();
  admin = await t.login(acct.users.owner.email, acct.users.owner.password);
  inbox = await createApiInbox(t, admin);
});
afterAll(async () => {
  await t.stop();
});

function upload(externalId: string, data: Buffer, name: string, who = inbox) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)]), name);
  return t.api(
    'POST',
    `/api/v1/channels/api/${who.inboxId}/attachments?externalId=${encodeURIComponent(externalId)}`,
    { token: who.token, raw: form },
  );
}
const download = (path: string, token = inbox.token) =>
  fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('attachments over the API channel', () => {
  it('upload, send with the message, agents see it, the app downloads it', async () => {
    const up = await upload('user-f1', png, 'receipt.png');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      fileName: 'receipt.png',
      contentType: 'image/png',
      size: png.length,
      url: `/api/v1/channels/api/${inbox.inboxId}/attachments/${up.body.id}`,
    });
    const sent = await t.api('POST', `/api/v1/channels/api/${inbox.inboxId}/messages`, {
      token: inbox.token,
      body: {
        contact: { externalId: 'user-f1' },
        clientMessageId: 'f-1',
        attachmentIds: [up.body.id],
      },
    });
    expect(sent.status).toBe(201);
    expect(sent.body.message.attachments).toEqual([up.body]);
    const agent = await t.login(acct.users.agent.email, acct.users.agent.password);
    const seen = await t.api('GET', `/api/v1/conversations/${sent.body.conversation.id}/messages`, {
      session: agent,
    });
    expect(seen.body.data.at(-1).attachments[0]).toMatchObject({
      id: up.body.id,
      contentType: 'image/png',
    });
    const file = await download(up.body.url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');

    // an agent's file in the conversation: the app can fetch it with its token
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(Buffer.from('<svg onload=alert(1)>'))]), 'x.svg');
    const agentFile = await t.api('POST', '/api/v1/attachments', { session: agent, raw: form });
    expect(agentFile.status).toBe(201);
    const reply = await t.api(
      'POST',
      `/api/v1/conversations/${sent.body.conversation.id}/messages`,
      {
        session: agent,
        body: { content: 'here', clientMessageId: 'f-r', attachmentIds: [agentFile.body.id] },
      },
    );
    expect(reply.status).toBe(201);
    const history = await t.api(
      'GET',
      `/api/v1/channels/api/${inbox.inboxId}/conversations/${sent.body.conversation.id}/messages`,
      { token: inbox.token },
    );
    const att = history.body.data.at(-1).attachments[0];
    expect(att.url).toBe(`/api/v1/channels/api/${inbox.inboxId}/attachments/${agentFile.body.id}`);
    const svg = await download(att.url);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('application/octet-stream'); // active content is never served as such
  });

  it("another user's upload cannot be sent; other inboxes and tokens cannot download", async () => {
    const up = await upload('user-f2', Buffer.from('hello'), 'a.txt');
    const r = await t.api('POST', `/api/v1/channels/api/${inbox.inboxId}/messages`, {
      token: inbox.token,
      body: {
        contact: { externalId: 'user-f3' },
        clientMessageId: 'f-2',
        content: 'x',
        attachmentIds: [up.body.id],
      },
    });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    const other = await createApiInbox(t, admin, 'Other app');
    const path = `/api/v1/channels/api/${other.inboxId}/attachments/${up.body.id}`;
    expect((await download(path, other.token)).status).toBe(404);
    expect((await download(up.body.url, other.token)).status).toBe(401);
    expect((await download(up.body.url, 'kefu_inbox_wrong')).status).toBe(401);
  });

  it('refuses uploads without a file, without the token, or without an external id', async () => {
    const noFile = await t.api(
      'POST',
      `/api/v1/channels/api/${inbox.inboxId}/attachments?externalId=u`,
      {
        token: inbox.token,
        body: { file: 'nope' },
      },
    );
    expect(noFile.status).toBe(415);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(Buffer.from('x'))]), 'x.txt');
    const noToken = await t.api(
      'POST',
      `/api/v1/channels/api/${inbox.inboxId}/attachments?externalId=u`,
      {
        raw: form,
      },
    );
    expect(noToken.status).toBe(401);
    const noId = await upload('', Buffer.from('x'), 'x.txt');
    expect(noId.status).toBe(400);
    expect(noId.body.error.code).toBe('invalid_request');
  });
});
